import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TEST_DATABASE_URL,
  TEST_STORE,
  createTestSchema,
  terminateConnections,
  type TestSchema,
} from '../src/store/postgres/test-database.js';
import { assertBuilt, call, killAllNodes, startNode, until, type LatchkeyNode } from './nodes.js';
import { Relay } from './tcp-relay.js';

/**
 * The database goes away while a node runs: requests fail fast with a coded 503 (never a
 * 500 or a hang), nothing acknowledged is lost, and the node recovers by itself.
 * A TCP relay in this process stands between the node and PostgreSQL, so the outage is this
 * test's alone; pg_terminate_backend cuts live connections as a failover would.
 */

const CLIENT = '/api/client/v2.0';

/** Polls `probe` until `done` holds, up to a deadline; answers the last value either way. */
async function poll<T>(probe: () => Promise<T>, done: (value: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const FEED_DOWN = 'change feed down';
const FEED_LIVE = 'change feed live again';
const count = (text: string, needle: string) => text.split(needle).length - 1;

/** The feed starts live and logs every change of state, so it is live when it has come back as often as it went down. */
async function untilFeedLive(node: LatchkeyNode): Promise<void> {
  await until(() => count(node.log(), FEED_LIVE) === count(node.log(), FEED_DOWN), 'the change feed to be live');
}

/** Waits until `node` has logged its change feed going down (or coming back) once more than `before`. */
async function untilFeedLogs(node: LatchkeyNode, message: string, before: number): Promise<void> {
  await until(() => count(node.log(), message) > before, `the node to log "${message}"`);
}

describe.runIf(TEST_STORE === 'postgres')('PostgreSQL outages', () => {
  let database: TestSchema;
  let relay: Relay;
  let node: LatchkeyNode;
  let dataDir: string;

  beforeAll(async () => {
    assertBuilt();
    database = await createTestSchema();
    const target = new URL(TEST_DATABASE_URL);
    relay = new Relay({ host: target.hostname, port: Number(target.port || 5432) });
    await relay.open();
    const viaRelay = new URL(database.url);
    viaRelay.host = `127.0.0.1:${relay.port}`;
    dataDir = await mkdtemp(join(tmpdir(), 'latchkey-outage-'));
    node = await startNode({
      LATCHKEY_DATA_DIR: dataDir,
      DATABASE_URL: viaRelay.toString(),
      LATCHKEY_ADMIN_TOKEN: 'lka_iBSTxf8s6DcTpDrjxUluvZMIM1MlVr2KVoF82ptezJf',
      // The feed coming back is logged at info.
      LATCHKEY_LOG_LEVEL: 'info',
    });
  });
  afterAll(async () => {
    killAllNodes();
    await relay?.cut();
    await rm(dataDir, { recursive: true, force: true });
    await database?.drop();
  });

  it('answers 503 while the database is unreachable, loses nothing, and recovers when it returns', async () => {
    const email = 'outage@example.com';
    await call(node.url, 'POST', `${CLIENT}/app/demo/auth/providers/local-userpass/register`, {
      body: { email, password: 'outage-password' },
    });
    const session = (
      await call(node.url, 'POST', `${CLIENT}/app/demo/auth/providers/local-userpass/login`, {
        body: { username: email, password: 'outage-password' },
      })
    ).body;
    const created = (
      await call(node.url, 'POST', `${CLIENT}/auth/api_keys`, { token: session.refresh_token, body: { name: 'before-outage' } })
    ).body;

    await relay.cut();
    // What must reach the database fails with a coded 503 (and does not hang)…
    const during = await Promise.all([
      call(node.url, 'POST', `${CLIENT}/app/demo/auth/providers/api-key/login`, { body: { key: created.key } }),
      call(node.url, 'POST', `${CLIENT}/auth/api_keys`, { token: session.refresh_token, body: { name: 'during-outage' } }),
    ]);
    for (const response of during) expect([response.status, response.body?.error_code]).toEqual([503, 'ServiceUnavailable']);
    // …and so does what was cached, as soon as the node notices its change feed is gone
    // (it can no longer hear revocations, so it stops trusting its caches).
    const cachedRead = await poll(
      () => call(node.url, 'GET', `${CLIENT}/auth/profile`, { token: session.access_token }),
      (r) => r.status !== 200,
      5_000,
    );
    expect([cachedRead.status, cachedRead.body?.error_code]).toEqual([503, 'ServiceUnavailable']);
    // A load balancer asking /ready takes the node out of rotation; /health keeps it alive.
    const notReady = await poll(
      () => call(node.url, 'GET', '/ready'),
      (r) => r.status !== 200,
      5_000,
    );
    expect([notReady.status, notReady.body?.error_code]).toEqual([503, 'ServiceUnavailable']);
    expect((await call(node.url, 'GET', '/health')).status).toBe(200);

    await relay.open();
    const ready = await poll(
      () => call(node.url, 'GET', '/ready'),
      (r) => r.status === 200,
      10_000,
    );
    expect(ready.body).toMatchObject({ status: 'ready', change_feed: 'live' });
    const recovered = await poll(
      () => call(node.url, 'GET', `${CLIENT}/auth/profile`, { token: session.access_token }),
      (r) => r.status === 200,
      10_000,
    );
    expect(recovered.status).toBe(200);
    expect((await call(node.url, 'POST', `${CLIENT}/app/demo/auth/providers/api-key/login`, { body: { key: created.key } })).status).toBe(
      200,
    );
    const keys = (await call(node.url, 'GET', `${CLIENT}/auth/api_keys`, { token: session.refresh_token })).body;
    expect(keys.map((key: { name: string }) => key.name)).toEqual(['before-outage']);
  });

  it('survives its connections being cut by pg_terminate_backend, without a single 500', async () => {
    const email = 'terminated@example.com';
    await call(node.url, 'POST', `${CLIENT}/app/demo/auth/providers/local-userpass/register`, {
      body: { email, password: 'terminate-password' },
    });
    const session = (
      await call(node.url, 'POST', `${CLIENT}/app/demo/auth/providers/local-userpass/login`, {
        body: { username: email, password: 'terminate-password' },
      })
    ).body;
    const { key } = (
      await call(node.url, 'POST', `${CLIENT}/auth/api_keys`, { token: session.refresh_token, body: { name: 'pool-filler' } })
    ).body;
    // Open connections (every login inserts its session), then cut them all.
    await Promise.all(
      Array.from({ length: 10 }, () => call(node.url, 'POST', `${CLIENT}/app/demo/auth/providers/api-key/login`, { body: { key } })),
    );
    expect(await terminateConnections(database.schema)).toBeGreaterThan(0);
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++)
      statuses.push((await call(node.url, 'POST', `${CLIENT}/app/demo/auth/providers/api-key/login`, { body: { key } })).status);
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(statuses.at(-1)).toBe(200);
  });

  it('hears changes from other nodes again after its change feed was cut', async () => {
    const other = await startNode({
      LATCHKEY_DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      LATCHKEY_ADMIN_TOKEN: 'lka_iBSTxf8s6DcTpDrjxUluvZMIM1MlVr2KVoF82ptezJf',
      // The feed coming back is logged at info.
      LATCHKEY_LOG_LEVEL: 'info',
    });
    const admin = (method: string, path: string, body: unknown) =>
      call(other.url, method, `/api/admin/v1${path}`, { token: 'lka_iBSTxf8s6DcTpDrjxUluvZMIM1MlVr2KVoF82ptezJf', body });
    expect(
      (await admin('POST', '/apps', { client_app_id: 'after-outage', settings: { corsOrigins: ['https://before.example.com'] } })).status,
    ).toBe(201);
    // An earlier test cut this node's connections: its feed must be back before this cut means anything.
    await untilFeedLive(node);
    const downBefore = count(node.log(), FEED_DOWN);
    const liveBefore = count(node.log(), FEED_LIVE);
    await relay.cut();
    await untilFeedLogs(node, FEED_DOWN, downBefore);
    await relay.open();
    // Made while this node's feed may still be reconnecting: the resync after reconnecting must cover it.
    expect((await admin('PATCH', '/apps/after-outage', { settings: { corsOrigins: ['https://after.example.com'] } })).status).toBe(200);
    const allowed = await poll(
      async () =>
        (await fetch(`${node.url}${CLIENT}/app/after-outage/location`, { headers: { origin: 'https://after.example.com' } })).headers.get(
          'access-control-allow-origin',
        ),
      (value) => value === 'https://after.example.com',
      5_000,
    );
    expect(allowed).toBe('https://after.example.com');
    await untilFeedLogs(node, FEED_LIVE, liveBefore);
    await other.stop();
  });

  it('does not trust its session cache while its change feed is down', async () => {
    const other = await startNode({
      LATCHKEY_DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      LATCHKEY_ADMIN_TOKEN: 'lka_iBSTxf8s6DcTpDrjxUluvZMIM1MlVr2KVoF82ptezJf',
      // The feed coming back is logged at info.
      LATCHKEY_LOG_LEVEL: 'info',
    });
    const email = 'cache-outage@example.com';
    await call(node.url, 'POST', `${CLIENT}/app/demo/auth/providers/local-userpass/register`, {
      body: { email, password: 'cache-outage-pass' },
    });
    const session = (
      await call(node.url, 'POST', `${CLIENT}/app/demo/auth/providers/local-userpass/login`, {
        body: { username: email, password: 'cache-outage-pass' },
      })
    ).body;
    expect((await call(node.url, 'GET', `${CLIENT}/auth/profile`, { token: session.access_token })).status).toBe(200);
    // The node's connections, its LISTEN connection included, are cut; once it has noticed, the
    // logout happens elsewhere (retried while that node's pool reconnects).
    await untilFeedLive(node);
    const downBefore = count(node.log(), FEED_DOWN);
    await terminateConnections(database.schema);
    await untilFeedLogs(node, FEED_DOWN, downBefore);
    const logout = await poll(
      () => call(other.url, 'DELETE', `${CLIENT}/auth/session`, { token: session.refresh_token }),
      (r) => r.status !== 503,
      5_000,
    );
    expect(logout.status).toBe(204);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++)
      statuses.push((await call(node.url, 'GET', `${CLIENT}/auth/profile`, { token: session.access_token })).status);
    expect(statuses.filter((status) => status === 200)).toEqual([]);
    expect(statuses.at(-1)).toBe(401);
    await other.stop();
  });
});
