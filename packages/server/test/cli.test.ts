import type { CreatedApiKey, LoginAnswer, Profile } from '@latchkey/protocol';
import { createServer } from 'node:net';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_STORE } from '../src/store/postgres/test-database.js';
import { CLIENT, signUp, startTestServer, type TestServer } from './harness.js';
import { cliRunner } from './cli-runner.js';
import { assertBuilt } from './nodes.js';

/**
 * The `latchkey` binary, run as a user runs it (a child process, configured by flags and the
 * environment) against a real server on SQLite or PostgreSQL: every admin command, its --json
 * output parsed, its human output read, and its failures (one line, exit code 1).
 */

let server: TestServer;
let appId: string;
let scratch: string;
const { latchkey, json, failure } = cliRunner(() => ({ url: server.url, app: appId }));

const login = (body: unknown, provider = 'local-userpass') =>
  server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/${provider}/login`, { body });

beforeAll(async () => {
  assertBuilt();
  server = await startTestServer();
  appId = await server.createApp();
  scratch = await mkdtemp(join(tmpdir(), 'latchkey-cli-'));
});
afterAll(async () => {
  await server?.close();
  await rm(scratch, { recursive: true, force: true });
});

// The CLI is a client of the admin API, whose behaviour on each store its own tests cover: the
// commands run on SQLite, and on PostgreSQL only where the CLI itself answers differently (backup).
const SQLITE = TEST_STORE === 'sqlite';

describe.runIf(SQLITE)('latchkey apps', () => {
  it('creates, lists, shows and configures apps', async () => {
    const clientAppId = `cli-${process.pid}-${Date.now().toString(36)}`;
    const created = await json(
      'apps',
      'create',
      clientAppId,
      '--name',
      'From the CLI',
      'maxUserApiKeys=5',
      'corsOrigins=["https://app.example.com"]',
    );
    expect(created).toMatchObject({ client_app_id: clientAppId, name: 'From the CLI' });
    expect(created.settings).toMatchObject({ maxUserApiKeys: 5, corsOrigins: ['https://app.example.com'] });
    expect((await json<{ client_app_id: string }[]>('apps', 'list')).map((app) => app.client_app_id)).toContain(clientAppId);

    const set = await json('apps', 'set', clientAppId, 'accessTokenTtlSeconds=600', 'apiKeyScopes=["read","write"]', 'maxServerApiKeys=3');
    expect(set.settings).toMatchObject({ accessTokenTtlSeconds: 600, apiKeyScopes: ['read', 'write'], maxServerApiKeys: 3 });
    expect((await json('apps', 'show', clientAppId)).settings.accessTokenTtlSeconds).toBe(600);

    const human = await latchkey(['apps', 'show', clientAppId]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/accessTokenTtlSeconds\s+600/);
    expect((await latchkey(['apps', 'list'])).stdout).toMatch(/CLIENT APP ID\s+NAME/);
    expect((await latchkey(['apps', 'list'])).stdout.split('\n').every((line) => line === line.trimEnd())).toBe(true);
  });

  it('says in one line what is wrong with a setting', async () => {
    expect(await failure(['apps', 'set', appId, 'accessTokenTtlSeconds=5'])).toMatch(/^latchkey: .*accessTokenTtlSeconds/);
    expect(await failure(['apps', 'set', appId, 'nonsense'])).toMatch(/not name=value/);
    expect(await failure(['apps', 'show', 'no-such-app'])).toMatch(/^latchkey: no app/);
  });
});

describe.runIf(SQLITE)('latchkey users and keys', () => {
  it('creates a user, finds them by email, and disables, enables, logs out and deletes them', async () => {
    const email = `cli-user-${Date.now()}@example.com`;
    const created = await latchkey(['users', 'create', email, '--password-stdin'], { input: 'from standard input\n' });
    expect(created.code, created.stderr).toBe(0);
    expect((await login({ username: email, password: 'from standard input' })).status).toBe(200);

    const [listed] = await json<{ _id: string; identities: { email: string }[] }[]>('users', 'list', '--email', email);
    expect(listed!.identities[0]!.email).toBe(email);
    expect((await json('users', 'show', email))._id).toBe(listed!._id);
    expect((await json('users', 'show', listed!._id)).disabled).toBe(false);
    expect((await latchkey(['users', 'list'])).stdout).toContain(email);

    expect(await json('users', 'disable', email)).toEqual({ ok: true, user_id: listed!._id, action: 'disabled' });
    expect((await login({ username: email, password: 'from standard input' })).status).toBe(401);
    expect((await json<{ _id: string }[]>('users', 'list', '--disabled')).map((user) => user._id)).toContain(listed!._id);
    await json('users', 'enable', email);
    const session = await login({ username: email, password: 'from standard input' });
    expect(session.status).toBe(200);

    expect((await latchkey(['users', 'logout', email])).stdout).toBe(`Ended every session of ${email}.\n`);
    expect((await server.request<Profile>('GET', `${CLIENT}/auth/profile`, { token: session.body.access_token })).status).toBe(401);

    expect(await failure(['users', 'delete', email])).toMatch(/--yes/);
    await json('users', 'delete', email, '--yes');
    expect(await failure(['users', 'show', email])).toBe(`latchkey: no user with the email ${email} in the app ${appId}`);
    expect(await failure(['users', 'show', listed!._id])).toMatch(/user not found/);
  });

  it("lists a user's keys and disables, enables and deletes one", async () => {
    const user = await signUp(server, appId);
    const key = await server.request<CreatedApiKey>('POST', `${CLIENT}/auth/api_keys`, {
      token: user.refresh_token,
      body: { name: 'laptop' },
    });
    const keyId = key.body._id;
    const [listed] = await json<{ _id: string; name: string; disabled: boolean }[]>('keys', 'list', user.email);
    expect(listed).toMatchObject({ _id: keyId, name: 'laptop', disabled: false });
    expect(JSON.stringify(listed)).not.toContain(key.body.key);

    await json('keys', 'disable', user.email, keyId);
    expect((await login({ key: key.body.key }, 'api-key')).status).toBe(401);
    expect((await json('keys', 'show', user.user_id, keyId)).disabled).toBe(true);
    await json('keys', 'enable', user.email, keyId);
    expect((await login({ key: key.body.key }, 'api-key')).status).toBe(200);
    await json('keys', 'delete', user.email, keyId, '--yes');
    expect(await json('keys', 'list', user.email)).toEqual([]);
    expect((await latchkey(['keys', 'list', user.email])).stdout).toBe('No API keys.\n');
    expect(await failure(['keys', 'disable', user.email, keyId])).toMatch(/no key named or with the id/);
  });

  it('creates a server key whose secret logs in as a server user, and manages it', async () => {
    const created = await latchkey(['server-keys', 'create', 'backend']);
    expect(created.code).toBe(0);
    const secret = /^\s+(lks_\S+)$/m.exec(created.stdout)?.[1];
    expect(secret).toBeDefined();
    expect(created.stderr).toMatch(/only its hash/);
    const serverLogin = await login({ key: secret }, 'api-key');
    expect(serverLogin.status).toBe(200);

    const keys = await json<{ _id: string; name: string }[]>('server-keys', 'list');
    const keyId = keys.find((key) => key.name === 'backend')!._id;
    await json('server-keys', 'disable', keyId);
    expect((await login({ key: secret }, 'api-key')).status).toBe(401);
    await json('server-keys', 'enable', keyId);
    expect((await login({ key: secret }, 'api-key')).status).toBe(200);
    expect(await failure(['server-keys', 'delete', keyId])).toMatch(/--yes/);
    await json('server-keys', 'delete', keyId, '--yes');
    expect((await json<{ _id: string }[]>('server-keys', 'list')).map((key) => key._id)).not.toContain(keyId);
  });
});

describe.runIf(SQLITE)('latchkey audit and signing-keys', () => {
  it('filters the audit log by type, user, key and time', async () => {
    const user = await signUp(server, appId);
    const key = await server.request<CreatedApiKey>('POST', `${CLIENT}/auth/api_keys`, {
      token: user.refresh_token,
      body: { name: 'audited' },
    });
    expect((await login({ key: key.body.key }, 'api-key')).status).toBe(200);
    const byKey = await json<{ type: string; key_id: string }[]>('audit', '--key', key.body._id);
    expect(byKey.map((event) => event.type).sort()).toEqual(['key.created', 'login.succeeded']);
    const byUser = await json<{ user_id: string }[]>('audit', '--user', user.user_id, '--type', 'login.succeeded');
    expect(byUser.length).toBeGreaterThanOrEqual(2);
    expect(byUser.every((event) => event.user_id === user.user_id)).toBe(true);
    expect(await json('audit', '--since', '2999-01-01')).toEqual([]);
    expect((await latchkey(['audit', '--limit', '1'])).stdout).toMatch(/^AT\s+TYPE[\s\S]*More: --after [0-9a-f]{24}\n$/);
    expect(await failure(['audit', '--since', 'yesterday-ish'])).toMatch(/--since needs a time/);
  });

  it('lists and rotates the signing keys', async () => {
    const before = await json<{ kid: string; signing: boolean }[]>('signing-keys', 'list');
    const after = await json<{ kid: string; signing: boolean }[]>('signing-keys', 'rotate');
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]!.signing).toBe(true);
    expect(after.map((key) => key.kid)).toEqual(expect.arrayContaining(before.map((key) => key.kid)));
  });
});

describe('latchkey backup', () => {
  it('backs up SQLite to a private file, and says to use pg_dump on PostgreSQL', async () => {
    const out = join(scratch, 'latchkey-backup.db');
    if (TEST_STORE === 'postgres') {
      expect(await failure(['backup', '--out', out])).toMatch(/pg_dump/);
      expect(await readdir(scratch)).toEqual([]);
      return;
    }
    const run = await json<{ path: string; bytes: number }>('backup', '--out', out);
    expect(run).toMatchObject({ ok: true, path: out });
    const file = await readFile(out);
    expect(file.subarray(0, 15).toString()).toBe('SQLite format 3');
    expect(file.length).toBe(run.bytes);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    expect(await readdir(scratch)).toEqual(['latchkey-backup.db']);
  });
});

// Nothing here touches a store: once, on SQLite.
describe.runIf(SQLITE)('latchkey itself', () => {
  it('fails in one line when the server is unreachable, the token is wrong or missing, or the command is unknown', async () => {
    // A port that was free a moment ago: nothing listens there.
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    expect(await failure(['apps', 'list', '--url', `http://127.0.0.1:${closed}`])).toBe(
      `latchkey: could not reach Latchkey at http://127.0.0.1:${closed}: ECONNREFUSED`,
    );
    expect(await failure(['apps', 'list', '--token', 'wrong'])).toBe(
      'latchkey: the admin token was refused (check --token or LATCHKEY_ADMIN_TOKEN)',
    );
    expect(await failure(['apps', 'list'], { LATCHKEY_ADMIN_TOKEN: '' })).toBe(
      'latchkey: no admin token: pass --token or set LATCHKEY_ADMIN_TOKEN',
    );
    expect((await latchkey(['users', 'show', 'nobody'])).stderr).toMatch(/neither a user id/);
    const unknown = await latchkey(['frobnicate']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^latchkey: unknown command 'frobnicate'/);
  });

  it('has --help on every command', async () => {
    const commands = [
      [],
      ['serve'],
      ['apps'],
      ...['list', 'create', 'show', 'set', 'delete'].map((name) => ['apps', name]),
      ['users'],
      ...['list', 'show', 'create', 'disable', 'enable', 'logout', 'delete'].map((name) => ['users', name]),
      ['keys'],
      ...['list', 'show', 'disable', 'enable', 'delete'].map((name) => ['keys', name]),
      ['server-keys'],
      ...['create', 'list', 'show', 'disable', 'enable', 'delete'].map((name) => ['server-keys', name]),
      ['audit'],
      ['backup'],
      ['signing-keys'],
      ...['list', 'rotate'].map((name) => ['signing-keys', name]),
      ['completion'],
    ];
    // Side by side: each is its own process, and they only read.
    const helps = await Promise.all(commands.map((command) => latchkey([...command, '--help'])));
    commands.forEach((command, index) => {
      expect(helps[index]!.code, command.join(' ')).toBe(0);
      expect(helps[index]!.stdout).toMatch(new RegExp(`^Usage: latchkey ${command.join(' ')}`.trimEnd()));
    });
  });

  it('is `npx latchkey` in the repository, as the README says (the bin is linked at install, before the build)', async () => {
    const { stdout } = await promisify(execFile)('npm', ['exec', '--no', '--', 'latchkey', '--help'], {
      cwd: fileURLToPath(new URL('../../../', import.meta.url)),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    expect(stdout).toMatch(/^Usage: latchkey /);
  });
});
