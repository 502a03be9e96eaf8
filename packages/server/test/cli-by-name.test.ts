import type { CreatedApiKey, LoginAnswer } from '@latchkey/protocol';
import { execFile } from 'node:child_process';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_STORE } from '../src/store/postgres/test-database.js';
import { cliRunner } from './cli-runner.js';
import { CLIENT, signUp, startTestServer, type TestServer } from './harness.js';
import { assertBuilt } from './nodes.js';

/**
 * The CLI as an operator types it: users by email, keys by name, errors without the request
 * unless asked (`--verbose`), errors as JSON with `--json`, and shell completion that works.
 */
let server: TestServer;
let appId: string;
const { latchkey, json, failure } = cliRunner(() => ({ url: server.url, app: appId }));

const login = (body: unknown, provider = 'local-userpass') =>
  server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/${provider}/login`, { body });

beforeAll(async () => {
  assertBuilt();
  server = await startTestServer();
  appId = await server.createApp();
});
afterAll(() => server?.close());

// Each case has its own user, key or app: they run side by side (each mostly waits on a child process).
// Name resolution is the CLI's own (over the admin API, tested on both stores): once, on SQLite.
describe.runIf(TEST_STORE === 'sqlite')('keys and users by name', { concurrent: true }, () => {
  it("disables, shows, enables and deletes a user's key named by its name, the user by email", async () => {
    const user = await signUp(server, appId);
    const key = await server.request<CreatedApiKey>('POST', `${CLIENT}/auth/api_keys`, {
      token: user.refresh_token,
      body: { name: 'laptop' },
    });
    expect(await latchkey(['keys', 'disable', user.email, 'laptop'])).toMatchObject({
      code: 0,
      stdout: `Disabled the key laptop (${key.body._id}).\n`,
    });
    expect((await login({ key: key.body.key }, 'api-key')).status).toBe(401);
    const shown = await latchkey(['keys', 'show', user.email, 'laptop']);
    expect(shown.stdout).toMatch(/^Name\s+laptop$/m);
    expect(shown.stdout).toMatch(/^State\s+disabled$/m);
    expect(shown.stdout).toMatch(/^Last used\s+never$/m);
    expect(shown.stdout).not.toMatch(/last_used_at|created_at|_id/);
    await json('keys', 'enable', user.email, 'laptop');
    expect((await login({ key: key.body.key }, 'api-key')).status).toBe(200);
    expect(await failure(['keys', 'delete', user.email, 'desktop', '--yes'])).toBe(
      `latchkey: no key named or with the id "desktop"; the user's keys are: laptop`,
    );
    await json('keys', 'delete', user.email, 'laptop', '--yes');
    expect(await failure(['keys', 'show', user.email, 'laptop'])).toBe(
      `latchkey: no key named or with the id "laptop"; the user has no keys`,
    );
  });

  it('manages a server key by name', async () => {
    expect((await latchkey(['server-keys', 'create', 'worker'])).code).toBe(0);
    const [worker] = await json<{ _id: string; name: string }[]>('server-keys', 'list');
    expect(await latchkey(['server-keys', 'disable', 'worker'])).toMatchObject({
      code: 0,
      stdout: `Disabled the server key worker (${worker!._id}).\n`,
    });
    expect(await json('server-keys', 'show', 'worker')).toMatchObject({ name: 'worker', disabled: true });
    await json('server-keys', 'delete', 'worker', '--yes');
    expect(await failure(['server-keys', 'enable', 'worker'])).toBe(
      'latchkey: no key named or with the id "worker"; the app has no server keys',
    );
  });

  it('reads the audit log of a user named by email and of their key named by name', async () => {
    const user = await signUp(server, appId);
    const key = await server.request<CreatedApiKey>('POST', `${CLIENT}/auth/api_keys`, {
      token: user.refresh_token,
      body: { name: 'phone' },
    });
    expect((await login({ key: key.body.key }, 'api-key')).status).toBe(200);
    const byKey = await json<{ type: string; key_id: string }[]>('audit', '--user', user.email, '--key', 'phone');
    expect(byKey.map((event) => event.type).sort()).toEqual(['key.created', 'login.succeeded']);
    const byEmail = await json<{ user_id: string }[]>('audit', '--user', user.email, '--type', 'key.created');
    expect(byEmail.map((event) => event.user_id)).toEqual([user.user_id]);
    const typo = await latchkey(['audit', '--type', 'login.fail']);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(
      /^latchkey: option '--type <type>' argument 'login.fail' is invalid\. Allowed choices are user\.registered, .*login\.failed/,
    );
  });
});

describe.runIf(TEST_STORE === 'sqlite')('apps delete', () => {
  it('asks for --yes, then deletes the app with its users', async () => {
    const doomed = await server.createApp();
    const user = await signUp(server, doomed);
    const run = cliRunner(() => ({ url: server.url, app: doomed }));
    expect(await run.failure(['apps', 'delete', doomed])).toBe(
      `latchkey: Deleting the app ${doomed} with all its users and keys cannot be undone: add --yes to confirm`,
    );
    expect(await run.json('apps', 'delete', doomed, '--yes')).toEqual({ ok: true, app: doomed, action: 'deleted' });
    expect(await run.failure(['apps', 'show', doomed])).toBe('latchkey: no app has that client app id');
    const gone = await server.request('POST', `${CLIENT}/app/${doomed}/auth/providers/local-userpass/login`, {
      body: { username: user.email, password: user.password },
    });
    expect(gone.status).toBe(404);
  });
});

// Messages come from validation, before any store: once, on SQLite.
describe.runIf(TEST_STORE === 'sqlite')('errors', { concurrent: true }, () => {
  it('names the field and its bounds, with the request only under --verbose', async () => {
    expect(await failure(['apps', 'set', appId, 'colour=blue'])).toMatch(
      /^latchkey: settings\.colour is not a setting \(known: providers, /,
    );
    expect(await failure(['apps', 'set', appId, 'accessTokenTtlSeconds=5'])).toBe(
      'latchkey: settings.accessTokenTtlSeconds must be a whole number from 60 to 86400 seconds (1 minute to 1 day)',
    );
    expect(await failure(['apps', 'set', appId, 'accessTokenTtlSeconds=5', '--verbose'])).toBe(
      `latchkey: settings.accessTokenTtlSeconds must be a whole number from 60 to 86400 seconds (1 minute to 1 day) (PATCH /api/admin/v1/apps/${appId})`,
    );
  });

  it('writes errors as {"error", "error_code"} on stderr with --json, usage errors included', async () => {
    const parsed = async (args: string[]) => {
      const run = await latchkey([...args, '--json']);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      return JSON.parse(run.stderr) as unknown;
    };
    expect(await parsed(['users', 'show', 'nobody@example.com'])).toEqual({
      error: `no user with the email nobody@example.com in the app ${appId}`,
      error_code: 'UserNotFound',
    });
    expect(await parsed(['apps', 'set', appId, 'maxUserApiKeys=-1'])).toEqual({
      error: 'settings.maxUserApiKeys must be a whole number from 0 to 1000',
      error_code: 'InvalidParameter',
    });
    expect(await parsed(['frobnicate'])).toEqual({ error: "unknown command 'frobnicate'", error_code: 'InvalidParameter' });
    expect(await parsed(['apps', 'list', '--token', 'wrong'])).toEqual({
      error: 'the admin token was refused (check --token or LATCHKEY_ADMIN_TOKEN)',
      error_code: 'AuthError',
    });
  });

  it('shows lifetimes in words beside the number', async () => {
    expect((await latchkey(['apps', 'show', appId])).stdout).toMatch(/^refreshTokenTtlSeconds\s+5184000 \(60 days\)$/m);
  });
});

// Nothing here touches a store: once, on SQLite.
describe.runIf(TEST_STORE === 'sqlite')('shell completion', () => {
  it('completes commands, subcommands, options and their choices in bash', async () => {
    const script = await latchkey(['completion', 'bash']);
    expect(script.code).toBe(0);
    const dir = await mkdtemp(join(tmpdir(), 'latchkey-completion-'));
    try {
      const file = join(dir, 'latchkey.bash');
      await writeFile(file, script.stdout);
      const complete = async (...words: string[]) => {
        const probe = `source '${file}'; COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _latchkey; printf '%s\\n' "\${COMPREPLY[@]}"`;
        const { stdout } = await promisify(execFile)('bash', ['--norc', '--noprofile', '-c', probe]);
        return stdout.split('\n').filter(Boolean);
      };
      expect(await complete('latchkey', 'ke')).toEqual(['keys']);
      expect(await complete('latchkey', 'server-keys', 'd')).toEqual(['disable', 'delete']);
      expect(await complete('latchkey', '--app', 'demo', 'apps', 'de')).toEqual(['delete']);
      expect(await complete('latchkey', 'keys', 'show', 'ada@example.com', '--js')).toEqual(['--json']);
      expect(await complete('latchkey', 'users', 'list', '--provider', 'oauth2-a')).toEqual(['oauth2-apple']);
      expect(await complete('latchkey', 'audit', '--type', 'key.d')).toEqual(['key.disabled', 'key.deleted']);
      expect(await complete('latchkey', '--url', '')).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints a zsh script that loads the same completion through bashcompinit', async () => {
    const script = await latchkey(['completion', 'zsh']);
    expect(script.stdout).toMatch(/^#compdef latchkey\n/);
    expect(script.stdout).toContain('bashcompinit');
    expect(script.stdout).toContain('complete -F _latchkey latchkey');
  });
});
