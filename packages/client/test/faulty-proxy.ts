import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP proxy in front of the real server, for tests of what clients do when the path
 * between them fails: it forwards every request, except those it is told to fail, which get
 * the 503 an overloaded load balancer or a server losing its database would answer.
 */
export interface FaultyProxy {
  url: string;
  /** The next `count` requests whose method and path match fail with a 503. */
  failNext(method: string, path: string, count?: number): void;
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Hop-by-hop headers, and those fetch sets itself. */
const NOT_FORWARDED = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'content-encoding']);
const forwardable = (headers: Iterable<[string, string | string[] | undefined]>) =>
  Object.fromEntries([...headers].filter(([name, value]) => !NOT_FORWARDED.has(name) && typeof value === 'string') as [string, string][]);

export async function startFaultyProxy(target: () => string): Promise<FaultyProxy> {
  const failures: { method: string; path: string }[] = [];
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    const failing = failures.findIndex((failure) => failure.method === request.method && failure.path === path);
    if (failing >= 0) {
      failures.splice(failing, 1);
      response
        .writeHead(503, { 'content-type': 'application/json' })
        .end('{"error":"try again shortly","error_code":"ServiceUnavailable"}');
      return;
    }
    void (async () => {
      const payload = request.method === 'GET' || request.method === 'HEAD' ? undefined : await body(request);
      const forwarded = await fetch(target() + request.url, {
        method: request.method!,
        headers: forwardable(Object.entries(request.headers)),
        ...(payload && payload.length > 0 ? { body: payload } : {}),
      });
      const answer = Buffer.from(await forwarded.arrayBuffer());
      const headers: [string, string][] = [];
      forwarded.headers.forEach((value, name) => headers.push([name, value]));
      response.writeHead(forwarded.status, forwardable(headers)).end(answer);
    })().catch(() => response.writeHead(502).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    failNext(method, path, count = 1) {
      for (let i = 0; i < count; i++) failures.push({ method, path });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
