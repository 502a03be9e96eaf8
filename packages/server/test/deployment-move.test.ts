import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreatedApiKey } from '@latchkey/protocol';
import * as Realm from 'realm-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_STORE } from '../src/store/postgres/test-database.js';
import { cliRunner } from './cli-runner.js';
import { startTestServer, type TestServer } from './harness.js';
import { CoreApp, CoreCredentials } from './realm-core/core-client.js';
import { Relay } from './tcp-relay.js';

/**
 * The move the issue promises: a deployment on SQLite, with clients holding tokens and keys,
 * moves to PostgreSQL and back through `latchkey export` and `latchkey import deployment`,
 * while the clients only ever see one address (a proxy switched from the old server to the
 * new). They go on without logging in again.
 */
const KEK = randomBytes(32).toString('hex');
const PASSWORD = 'moving-day-password';

let dir: string;
let front: Relay;
const servers: TestServer[] = [];
let current: TestServer;
const cli = cliRunner(() => ({ url: current.url, app: '' }));

async function server(store: 'sqlite' | 'postgres'): Promise<TestServer> {
  const started = await startTestServer({ store, env: { LATCHKEY_SECRET_KEY: KEK } });
  servers.push(started);
  return started;
}

const hostOf = (s: TestServer) => ({ host: '127.0.0.1', port: Number(new URL(s.url).port) });

/** `latchkey export` from the current server, with its audit log; answers the file and its trailer's tables. */
async function exportFrom(name: string): Promise<{ file: string; tables: Record<string, { rows: number; digest: string }> }> {
  const file = join(dir, `${name}.jsonl`);
  const run = await cli.latchkey(['export', '--out', file, '--audit-log']);
  expect(run.code, run.stderr).toBe(0);
  const last = (await readFile(file, 'utf8')).trimEnd().split('\n').at(-1)!;
  return { file, tables: (JSON.parse(last) as { trailer: { tables: Record<string, { rows: number; digest: string }> } }).trailer.tables };
}

async function importInto(target: TestServer, file: string): Promise<void> {
  current = target;
  const run = await cli.latchkey(['import', 'deployment', file]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('every node has reloaded');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latchkey-move-'));
});
afterAll(async () => {
  await front?.cut();
  await Promise.all(servers.map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

describe.runIf(TEST_STORE === 'postgres')('a deployment moved from SQLite to PostgreSQL and back', () => {
  it('keeps every client signed in: refresh tokens refresh, access tokens verify, keys and passwords log in; every table matches', async () => {
    const sqlite = await server('sqlite');
    current = sqlite;
    front = new Relay(hostOf(sqlite));
    await front.open();
    const baseUrl = `http://127.0.0.1:${front.port}`;
    const appId = await sqlite.createApp({ maxUserApiKeys: 5 });

    // realm-web, as a browser app uses it.
    const web = new Realm.App({ id: appId, baseUrl });
    const webEmail = `web-${Date.now()}@example.com`;
    await web.emailPasswordAuth.registerUser({ email: webEmail, password: PASSWORD });
    const webUser = await web.logIn(Realm.Credentials.emailPassword(webEmail, PASSWORD));
    const webKey = await webUser.apiKeys.create('laptop');
    const retired = await webUser.apiKeys.create('retired');
    await webUser.apiKeys.disable(retired._id);
    await sqlite.admin('PUT', `/apps/${appId}/users/${webUser.id}/custom_data`, { plan: 'pro', seats: 3 });

    // The client inside the native SDKs (realm-core), as it sends and reads each request.
    const core = new CoreApp(appId, baseUrl);
    const coreEmail = `core-${Date.now()}@example.com`;
    await core.post('local-userpass/register', { email: coreEmail, password: PASSWORD });
    const coreUser = await core.logIn(CoreCredentials.emailPassword(coreEmail, PASSWORD));
    const coreKey = await core.apiKeys(coreUser).create('device');
    const serverKey = await sqlite.admin<CreatedApiKey>('POST', `/apps/${appId}/api_keys`, { name: 'backend' });
    await sqlite.admin('POST', `/apps/${appId}/webhook_secret`);

    const webAccess = webUser.accessToken;
    const coreAccess = coreUser.accessToken;
    const fromSqlite = await exportFrom('from-sqlite');

    // PostgreSQL: import, then the proxy sends every client there.
    const postgres = await server('postgres');
    await importInto(postgres, fromSqlite.file);
    front.retarget(hostOf(postgres));
    // Brought in again beside itself, the file is refused by PostgreSQL's constraints, naming the table, and undone.
    expect(await cli.failure(['import', 'deployment', fromSqlite.file, '--merge'])).toMatch(
      /^latchkey: lines 2–\d+: an app in the file is already on this server \(demo, app-[^)]+\), by its id or client app id: .*The import was undone/,
    );
    const onPostgres = await exportFrom('on-postgres');
    expect(onPostgres.tables).toEqual(fromSqlite.tables);
    expect(fromSqlite.tables.users!.rows).toBe(2 + 1);
    expect(fromSqlite.tables.api_keys!.rows).toBe(4);
    expect(fromSqlite.tables.audit_events!.rows).toBeGreaterThan(5);

    await expectClientsCarryOn({ web, webUser, webAccess, webKey: webKey.key, retiredKey: retired.key, webEmail });
    await expectCoreCarriesOn(core, coreUser, coreAccess, coreKey.key!, serverKey.body.key);
    const moved = await postgres.admin<{ plan: string }>('GET', `/apps/${appId}/users/${webUser.id}/custom_data`);
    expect(moved.body).toMatchObject({ plan: 'pro', seats: 3 });

    // And back, to a new SQLite deployment, from what PostgreSQL holds now.
    const back = await exportFrom('back');
    const sqliteAgain = await server('sqlite');
    await importInto(sqliteAgain, back.file);
    front.retarget(hostOf(sqliteAgain));
    expect((await exportFrom('on-sqlite-again')).tables).toEqual(back.tables);
    await webUser.refreshAccessToken();
    expect((await web.logIn(Realm.Credentials.apiKey(webKey.key))).id).toBe(webUser.id);
    await core.refreshAccessToken(coreUser);
    expect((await new CoreApp(appId, baseUrl).logIn(CoreCredentials.apiKey(coreKey.key!))).id).toBe(coreUser.id);
  });
});

async function expectClientsCarryOn(c: {
  web: Realm.App;
  webUser: Realm.User;
  webAccess: string | null;
  webKey: string;
  retiredKey: string;
  webEmail: string;
}): Promise<void> {
  // The access token from before the move verifies: realm-web would refresh (and change it) on a 401.
  const keys = await c.webUser.apiKeys.fetchAll();
  expect(keys.map((key) => [key.name, key.disabled])).toEqual([
    ['laptop', false],
    ['retired', true],
  ]);
  expect(c.webUser.accessToken).toBe(c.webAccess);
  // The refresh token from before the move opens a new access token.
  await c.webUser.refreshAccessToken();
  expect(c.webUser.accessToken).not.toBe(c.webAccess);
  expect((await c.web.logIn(Realm.Credentials.apiKey(c.webKey))).id).toBe(c.webUser.id);
  expect((await c.web.logIn(Realm.Credentials.emailPassword(c.webEmail, PASSWORD))).id).toBe(c.webUser.id);
  const refused = await c.web.logIn(Realm.Credentials.apiKey(c.retiredKey)).catch((error: Realm.MongoDBRealmError) => error);
  expect((refused as Realm.MongoDBRealmError).statusCode).toBe(401);
}

async function expectCoreCarriesOn(
  core: CoreApp,
  user: Awaited<ReturnType<CoreApp['logIn']>>,
  access: unknown,
  key: string,
  serverKey: string,
): Promise<void> {
  const sent = core.sent.length;
  await core.getProfile(user);
  expect(user.accessToken).toBe(access);
  expect(core.sent.slice(sent).map((request) => request.url)).toEqual([expect.stringMatching(/\/auth\/profile$/)]);
  await core.refreshAccessToken(user);
  expect(user.accessToken).not.toBe(access);
  expect((await new CoreApp(core.appId, core.sent[0]!.url.split('/api/')[0]!).logIn(CoreCredentials.apiKey(key))).id).toBe(user.id);
  const backend = await new CoreApp(core.appId, core.sent[0]!.url.split('/api/')[0]!).logIn(CoreCredentials.apiKey(serverKey));
  expect(backend.id).toMatch(/^[0-9a-f]{24}$/);
}
