import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT, startTestServer, type TestServer } from './harness.js';

/** What a hostile or broken client does at the connection level: trickling, hoarding, garbage. */
let server: TestServer;
let capped: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { LATCHKEY_REQUEST_TIMEOUT_SECONDS: '1' } });
  capped = await startTestServer({ env: { LATCHKEY_MAX_CONNECTIONS: '4' } });
});
afterAll(async () => {
  await server.close();
  await capped.close();
});

interface RawConnection {
  socket: Socket;
  /** Everything the server sent, and whether it closed the connection. */
  received(): string;
  closed(): boolean;
}

function open(to: TestServer = server): Promise<RawConnection> {
  const port = Number(new URL(to.url).port);
  return new Promise((resolve, reject) => {
    let data = '';
    let ended = false;
    const socket = connect(port, '127.0.0.1', () => resolve({ socket, received: () => data, closed: () => ended }));
    socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
    socket.on('close', () => (ended = true));
    socket.on('error', () => (ended = true));
    socket.once('error', reject);
  });
}

async function until(condition: () => boolean | Promise<boolean>, what: string, deadlineMs = 10_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function bodyOf(raw: string): { error?: string; error_code?: string } {
  return JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
}

describe('connections', () => {
  it('cuts off a client that trickles its request in, with a JSON 408', async () => {
    const slow = await open();
    slow.socket.write(
      `POST ${CLIENT}/app/demo/auth/providers/api-key/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"k`,
    );
    const trickle = setInterval(() => slow.socket.writable && slow.socket.write(' '), 200);
    try {
      await until(() => slow.closed(), 'the server to close the slow connection');
    } finally {
      clearInterval(trickle);
    }
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(slow.received()).toMatch(/\r\nContent-Type: application\/json\r\n/i);
    expect(bodyOf(slow.received()).error_code).toBe('RequestTimeout');
  });

  it('closes connections past the cap at once, and serves again when one is freed', async () => {
    const held = await Promise.all([open(capped), open(capped), open(capped), open(capped)]);
    await until(() => held.every((connection) => !connection.closed()), 'four held connections');
    const extra = await open(capped);
    await until(() => extra.closed(), 'the fifth connection to be closed');
    held[0].socket.destroy();
    await until(() => held[0].closed(), 'a held connection to close');
    const served = () =>
      fetch(`${capped.url}/health`).then(
        (response) => response.status === 200,
        () => false,
      );
    await until(served, 'a request to be served after a connection was freed');
    for (const connection of held) connection.socket.destroy();
  });

  it('answers a malformed request line with a JSON 400 that carries error_code', async () => {
    const garbage = await open();
    garbage.socket.write('THIS IS NOT HTTP\r\n\r\n');
    await until(() => garbage.closed(), 'the server to close the garbage connection');
    expect(garbage.received()).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(garbage.received())).toEqual({ error: expect.any(String), error_code: 'BadRequest' });
  });

  it('answers headers over 64 KiB with a JSON 431', async () => {
    const big = await open();
    big.socket.write(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70 * 1024)}\r\n\r\n`);
    await until(() => big.closed(), 'the server to close the oversized connection');
    expect(big.received()).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(big.received()).error_code).toBe('HeadersTooLarge');
  });
});
