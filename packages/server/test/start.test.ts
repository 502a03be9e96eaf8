import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, TEST_STORE, createTestSchema, type TestSchema } from '../src/store/postgres/test-database.js';
import { assertBuilt, call, killAllNodes, runCli, startNode } from './nodes.js';

/**
 * Starting and stopping like a service: a failed start is one line naming the setting to
 * change; a good one prints its banner to stderr and logs to stdout; `/`, `/health` and
 * `/ready` answer as a load balancer and a browser expect.
 */
let root: string;
const schemas: TestSchema[] = [];

beforeAll(async () => {
  assertBuilt();
  root = await mkdtemp(join(tmpdir(), 'latchkey-start-'));
});
afterAll(async () => {
  killAllNodes();
  await rm(root, { recursive: true, force: true });
  await Promise.all(schemas.map((schema) => schema.drop()));
});

const secretKey = () => randomBytes(32).toString('base64');

/** Runs `latchkey serve` expecting it to fail; its exit code and what it printed. */
const failedStart = (env: Record<string, string>) => runCli(['serve'], { PORT: '0', LATCHKEY_LOG_LEVEL: 'warn', ...env });

function expectOneLine(result: { code: number | null; stderr: string }, ...parts: (string | RegExp)[]): void {
  expect(result.code).toBe(1);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^latchkey: /);
  for (const part of parts) expect(lines[0]).toMatch(part);
}

async function busyPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

// Each case starts its own process on its own data: they run side by side (each mostly waits).
describe.runIf(TEST_STORE === 'sqlite')('a failed start', { concurrent: true }, () => {
  it('names PORT when the port is taken', async () => {
    const { port, server } = await busyPort();
    try {
      const result = await failedStart({ PORT: String(port), LATCHKEY_DATA_DIR: join(root, 'busy') });
      expectOneLine(result, `127.0.0.1:${port} is already in use`, 'set PORT');
    } finally {
      server.close();
    }
  });

  it('names LATCHKEY_DATA_DIR when the data directory cannot be made', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'not a directory');
    const result = await failedStart({ LATCHKEY_DATA_DIR: join(file, 'data') });
    expectOneLine(result, 'LATCHKEY_DATA_DIR', join(file, 'data'));
  });

  it('names LATCHKEY_SECRET_KEY when the signing keys were sealed with another key, and prints the stack only at debug', async () => {
    const dir = join(root, 'sealed');
    const node = await startNode({ LATCHKEY_DATA_DIR: dir, LATCHKEY_SECRET_KEY: secretKey() });
    expect(await node.stop()).toBe(0);
    const wrong = await failedStart({ LATCHKEY_DATA_DIR: dir, LATCHKEY_SECRET_KEY: secretKey() });
    expectOneLine(wrong, 'LATCHKEY_SECRET_KEY');
    const unset = await failedStart({ LATCHKEY_DATA_DIR: dir });
    expectOneLine(unset, 'LATCHKEY_SECRET_KEY');
    const debug = await failedStart({ LATCHKEY_DATA_DIR: dir, LATCHKEY_LOG_LEVEL: 'debug' });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  }, 90_000); // four starts in a row, beside the other cases

  it('names the variable of an invalid setting', async () => {
    expectOneLine(await failedStart({ LATCHKEY_LOG_FORMAT: 'xml', LATCHKEY_DATA_DIR: join(root, 'format') }), 'LATCHKEY_LOG_FORMAT');
  });
});

describe.runIf(TEST_STORE === 'postgres')('a failed start on PostgreSQL', { concurrent: true }, () => {
  const url = new URL(TEST_DATABASE_URL);

  it("names DATABASE_URL's host when PostgreSQL cannot be reached", async () => {
    const { port, server } = await busyPort();
    server.close(); // a port nothing listens on
    const unreachable = new URL(url);
    unreachable.host = `127.0.0.1:${port}`;
    const result = await failedStart({ DATABASE_URL: unreachable.toString() });
    expectOneLine(result, `PostgreSQL at 127.0.0.1:${port}`, 'DATABASE_URL', 'connection refused');
  });

  it("names DATABASE_URL's database when it does not exist", async () => {
    const missing = new URL(url);
    missing.pathname = '/latchkey_no_such_database';
    const result = await failedStart({ DATABASE_URL: missing.toString() });
    expectOneLine(result, 'no database "latchkey_no_such_database"', 'DATABASE_URL');
  });
});

describe('a good start', { concurrent: true }, () => {
  /** A data directory (SQLite) or a schema of its own (PostgreSQL) per name. */
  const databases = new Map<string, string>();
  const env = async (name: string, more: Record<string, string> = {}) => {
    if (TEST_STORE === 'postgres' && !databases.has(name)) {
      const schema = await createTestSchema();
      schemas.push(schema);
      databases.set(name, schema.url);
    }
    const url = databases.get(name);
    return { LATCHKEY_DATA_DIR: join(root, name), ...(url ? { DATABASE_URL: url } : {}), ...more };
  };

  it('prints its banner to stderr and logs JSON with ISO times to stdout', async () => {
    const node = await startNode(await env('banner', { LATCHKEY_LOG_LEVEL: 'info' }));
    const banner = node.banner();
    expect(banner).toMatch(/^Latchkey \d+\.\d+\.\d+ is listening on http:\/\/127\.0\.0\.1:\d+\n/);
    expect(banner).toMatch(
      TEST_STORE === 'postgres' ? /Store: +PostgreSQL, database "\w+" at [\w.]+:\d+/ : /Store: +SQLite, \/.*\/latchkey\.db/,
    );
    expect(banner).toContain(`Console:      ${node.url}/console/`);
    expect(banner).toContain('Signing keys: stored unencrypted');
    expect(banner).toMatch(/Warning: LATCHKEY_SECRET_KEY is not set/);
    expect(banner).not.toMatch(/HOST=/);
    expect(node.log()).not.toContain('Latchkey');
    const lines = node
      .log()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { time: string; level: number; msg: string });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await node.stop()).toBe(0);
  });

  // Not about the store: once, on SQLite.
  it.runIf(TEST_STORE === 'sqlite')('warns when bound to every address without a public URL, and not once the URL is set', async () => {
    const key = secretKey();
    const wildcard = await startNode(await env('wildcard', { HOST: '0.0.0.0', LATCHKEY_SECRET_KEY: key }));
    expect(wildcard.banner()).toMatch(
      /Warning: HOST=0\.0\.0\.0 without LATCHKEY_PUBLIC_URL: clients are told to call http:\/\/0\.0\.0\.0:\d+/,
    );
    expect(wildcard.banner()).toContain('Signing keys: sealed with LATCHKEY_SECRET_KEY');
    expect(wildcard.banner()).not.toContain('Warning: LATCHKEY_SECRET_KEY');
    expect(await wildcard.stop()).toBe(0);
    const published = await startNode(
      await env('wildcard', { HOST: '0.0.0.0', LATCHKEY_SECRET_KEY: key, LATCHKEY_PUBLIC_URL: 'https://auth.example.com' }),
    );
    expect(published.banner()).not.toContain('Warning');
    expect(published.banner()).toContain('Clients:      https://auth.example.com (LATCHKEY_PUBLIC_URL)');
    expect(await published.stop()).toBe(0);
  });

  it('sends / to the console, answers /health and /ready, and logs one line per request at debug', async () => {
    const node = await startNode(await env('routes', { LATCHKEY_LOG_LEVEL: 'debug', LATCHKEY_LOG_FORMAT: 'json' }));
    const root = await fetch(`${node.url}/`, { redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).toEqual([302, '/console/']);
    expect((await call(node.url, 'GET', '/health')).body).toEqual({ status: 'ok' });
    const ready = await call(node.url, 'GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', change_feed: 'live', schema_version: expect.any(Number) });
    await call(node.url, 'GET', '/health?token=secret-value');
    expect(await node.stop()).toBe(0);
    const requests = node
      .log()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; req?: { url: string }; status?: number })
      .filter((line) => line.msg === 'request');
    expect(requests.map((line) => [line.req?.url, line.status])).toEqual([
      ['/', 302],
      ['/health', 200],
      ['/ready', 200],
      ['/health?token=[redacted]', 200],
    ]);
    expect(node.log()).not.toContain('secret-value');
  });

  it('takes a new admin token from LATCHKEY_ADMIN_TOKEN when the generated one is lost, as docs/deploy.md says', async () => {
    const first = await startNode(await env('lost-token'));
    const generated = /\n\s+(lka_\S+)/.exec(first.banner())?.[1];
    expect(generated).toBeDefined();
    expect(await first.stop()).toBe(0);
    const replacement = randomBytes(32).toString('base64');
    const second = await startNode(await env('lost-token', { LATCHKEY_ADMIN_TOKEN: replacement }));
    expect((await call(second.url, 'GET', '/api/admin/v1/apps', { token: replacement })).status).toBe(200);
    expect((await call(second.url, 'GET', '/api/admin/v1/apps', { token: generated })).status).toBe(401);
    expect(await second.stop()).toBe(0);
  });

  it.runIf(TEST_STORE === 'sqlite')('logs in the pretty form when asked, one line per entry', async () => {
    const node = await startNode(await env('pretty', { LATCHKEY_LOG_LEVEL: 'info', LATCHKEY_LOG_FORMAT: 'pretty' }));
    expect(await node.stop()).toBe(0);
    const lines = node.log().trim().split('\n');
    expect(lines.some((line) => /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: Server listening at/.test(line))).toBe(true);
    expect(lines.some((line) => /INFO: shutting down/.test(line))).toBe(true);
  });
});
