import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay in the test's process between a server and a service it uses (PostgreSQL,
 * Redis): cutting it is an outage that belongs to that one test, and reopening it on the same
 * port is the service coming back. Between clients and Latchkey, it is the proxy an operator
 * switches from the old deployment to the new one.
 */
export class Relay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private target: { host: string; port: number }) {}

  /** Sends new connections elsewhere and closes the open ones (clients reconnect): a proxy switched to another server. */
  retarget(target: { host: string; port: number }): void {
    this.target = target;
    for (const socket of this.sockets) socket.destroy();
  }

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}
