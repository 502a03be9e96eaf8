import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Realm from 'realm-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_STORE, createTestSchema, type TestSchema } from '../src/store/postgres/test-database.js';
import { MAIN, assertBuilt, call, killAllNodes, startNode, until } from './nodes.js';
import { startSmtp, tokenIn } from './smtp.js';

/**
 * The `latchkey` process as a user runs it: configured only by its environment, stopped with
 * SIGTERM and started again on the same data directory (or PostgreSQL schema).
 */
let dataDir: string;
let database: TestSchema | null = null;

const startProcess = (dir: string, env: Record<string, string> = {}) =>
  startNode({ LATCHKEY_DATA_DIR: dir, ...(database ? { DATABASE_URL: database.url } : {}), ...env });

beforeAll(async () => {
  assertBuilt();
  dataDir = await mkdtemp(join(tmpdir(), 'latchkey-process-'));
  if (TEST_STORE === 'postgres') database = await createTestSchema();
});
afterAll(async () => {
  killAllNodes();
  await rm(dataDir, { recursive: true, force: true });
  await database?.drop();
});

describe('the latchkey process', () => {
  it('creates the demo app and an admin token on first start, and keeps keys, tokens and signing keys across a restart', async () => {
    const first = await startProcess(dataDir);
    expect(first.banner()).toContain('client app id "demo"');
    const adminToken = /\n\s+(lka_\S+)/.exec(first.banner())?.[1];
    expect(adminToken).toBeDefined();
    const apps = await fetch(`${first.url}/api/admin/v1/apps`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect((await apps.json()).map((app: { client_app_id: string }) => app.client_app_id)).toEqual(['demo']);

    const app = new Realm.App({ id: 'demo', baseUrl: first.url });
    await app.emailPasswordAuth.registerUser({ email: 'restart@example.com', password: 'survives-restarts' });
    const user = await app.logIn(Realm.Credentials.emailPassword('restart@example.com', 'survives-restarts'));
    const { key, _id } = await user.apiKeys.create('survivor');
    const { key: revokedKey, _id: revokedId } = await user.apiKeys.create('revoked');
    await user.apiKeys.disable(revokedId);
    const { access_token, refresh_token } = { access_token: user.accessToken!, refresh_token: user.refreshToken! };
    const jwks = await (await fetch(`${first.url}/.well-known/jwks.json`)).json();
    expect(await first.stop()).toBe(0);

    const second = await startProcess(dataDir);
    expect(second.banner()).not.toContain('demo app');
    expect(second.banner()).not.toContain('lka_');
    expect(await (await fetch(`${second.url}/.well-known/jwks.json`)).json()).toEqual(jwks);
    const login = await fetch(`${second.url}/api/client/v2.0/app/demo/auth/providers/api-key/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key }),
    });
    expect(login.status).toBe(200);
    expect((await login.json()).user_id).toBe(user.id);
    const refused = await fetch(`${second.url}/api/client/v2.0/app/demo/auth/providers/api-key/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: revokedKey }),
    });
    expect(refused.status).toBe(401);
    const profile = await fetch(`${second.url}/api/client/v2.0/auth/profile`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(profile.status).toBe(200);
    const listed = await fetch(`${second.url}/api/client/v2.0/auth/api_keys`, { headers: { authorization: `Bearer ${refresh_token}` } });
    expect((await listed.json()).map((k: { _id: string }) => k._id)).toEqual([_id, revokedId]);
    const admin = await fetch(`${second.url}/api/admin/v1/apps`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(admin.status).toBe(200);
    expect(await second.stop()).toBe(0);
  });

  it('keeps an acknowledged revocation after the process is killed outright', async () => {
    const first = await startProcess(dataDir);
    const app = new Realm.App({ id: 'demo', baseUrl: first.url });
    await app.emailPasswordAuth.registerUser({ email: 'killed@example.com', password: 'survives-kill-9' });
    const user = await app.logIn(Realm.Credentials.emailPassword('killed@example.com', 'survives-kill-9'));
    const { _id, key } = await user.apiKeys.create('revoked-before-crash');
    const device = await new Realm.App({ id: 'demo', baseUrl: first.url }).logIn(Realm.Credentials.apiKey(key));
    await user.apiKeys.disable(_id);
    const killed = new Promise((resolve) => first.child.on('exit', resolve));
    first.child.kill('SIGKILL');
    await killed;

    const second = await startProcess(dataDir);
    const login = await fetch(`${second.url}/api/client/v2.0/app/demo/auth/providers/api-key/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key }),
    });
    expect(login.status).toBe(401);
    const refresh = await fetch(`${second.url}/api/client/v2.0/auth/session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${device.refreshToken}` },
    });
    expect(refresh.status).toBe(401);
    expect(await second.stop()).toBe(0);
  });

  it('keeps a mail it accepted but could not send yet when it is killed outright, and sends it after a restart', async () => {
    const closed = await startSmtp();
    const port = closed.port;
    await closed.close();
    const env = { LATCHKEY_SMTP_URL: `smtp://127.0.0.1:${port}`, LATCHKEY_ADMIN_TOKEN: 'lka_uRfZzAl5b39bJsp9HwFuE4KONayCgynnPAJM9SaeL45' };
    const admin = (url: string, method: string, path: string, body?: unknown) =>
      call(url, method, `/api/admin/v1${path}`, { token: env.LATCHKEY_ADMIN_TOKEN, ...(body ? { body } : {}) });
    const first = await startProcess(dataDir, env);
    const created = await admin(first.url, 'POST', '/apps', {
      client_app_id: 'mail-survives',
      settings: { autoConfirm: false, emailConfirmationUrl: 'https://todo.example.com/confirm' },
    });
    expect(created.status).toBe(201);
    const register = await call(first.url, 'POST', '/api/client/v2.0/app/mail-survives/auth/providers/local-userpass/register', {
      body: { email: 'queued@example.com', password: 'survives-kill-9' },
    });
    expect(register.status).toBe(201);
    const killed = new Promise((resolve) => first.child.on('exit', resolve));
    first.child.kill('SIGKILL');
    await killed;

    const smtp = await startSmtp(port);
    try {
      const second = await startProcess(dataDir, env);
      expect((await admin(second.url, 'POST', '/mail_outbox/retry')).body).toEqual({ queued: 1 });
      const mail = await smtp.nextMailTo('queued@example.com');
      const confirmed = await call(second.url, 'POST', '/api/client/v2.0/app/mail-survives/auth/providers/local-userpass/confirm', {
        body: tokenIn(mail),
      });
      expect(confirmed.status).toBe(204);
      expect(await second.stop()).toBe(0);
    } finally {
      await smtp.close();
    }
  });

  it('finishes a request in flight when it receives SIGTERM', async () => {
    const started = await startProcess(dataDir);
    const { port } = new URL(started.url);
    const body = JSON.stringify({ email: 'inflight@example.com', password: 'in-flight-pass' });
    // The server answers "100 Continue" once it has read the headers and dispatched the
    // request: from then on the request is in flight, for certain. The body follows the signal.
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.write(
      'POST /api/client/v2.0/app/demo/auth/providers/local-userpass/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await until(() => received.includes('100 Continue'), 'the server to take the request in');
    const exited = started.stop();
    socket.write(body);
    await until(() => /HTTP\/1\.1 201/.test(received), 'the request in flight to be answered');
    expect(await exited).toBe(0);
    socket.destroy();
  });

  it('refuses to start with invalid configuration, saying what is wrong', async () => {
    const child = spawn(process.execPath, [MAIN, 'serve'], {
      env: { PATH: process.env.PATH ?? '', PORT: 'eighty', LATCHKEY_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain('invalid configuration');
    expect(err).toContain('PORT');
    expect(err).not.toMatch(/\n\s+at /);
  });
});

describe.runIf(TEST_STORE === 'sqlite')('the latchkey process on SQLite', () => {
  it('leaves no copy of the database behind a backup: none while it streams, none after SIGTERM at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'latchkey-backup-data-'));
    const temp = await mkdtemp(join(tmpdir(), 'latchkey-backup-tmp-'));
    const token = 'lka_Vb3q8Zr1MnXt6Yk2Lw9Pd4Hs7Gf0Jc5Ue8Ai3Ro1Ty';
    try {
      for (const stopWhen of ['headers', 'sent'] as const) {
        const node = await startProcess(dir, { TMPDIR: temp, LATCHKEY_ADMIN_TOKEN: token });
        const backup = () => fetch(`${node.url}/api/admin/v1/backup`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
        const streaming = await backup();
        expect(streaming.status).toBe(200);
        // The answer has started and its body is not read yet: the file is already gone.
        expect(await readdir(temp)).toEqual([]);
        expect((await streaming.arrayBuffer()).byteLength).toBeGreaterThan(0);
        const last = backup().then(
          (answer) => answer.arrayBuffer().catch(() => null),
          () => null,
        );
        const exited = stopWhen === 'headers' ? last.then(() => node.stop()) : node.stop();
        expect(await exited).toBe(0);
        await last;
        expect(await readdir(temp)).toEqual([]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
      await rm(temp, { recursive: true, force: true });
    }
  });

  // SQLite writes a statement's undo log (its sub-journal) to a temporary file once it outgrows
  // 64 KiB; holding the database exclusively, it then keeps that file open and writes every later
  // statement's undo pages to it: measured, 14 pwrite() calls per API-key login instead of 1.6.
  it('keeps its temporary undo logs in memory under concurrent logins', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'latchkey-temp-store-'));
    const node = await startProcess(dir);
    try {
      const app = new Realm.App({ id: 'demo', baseUrl: node.url });
      await app.emailPasswordAuth.registerUser({ email: 'busy@example.com', password: 'logs-in-a-lot' });
      const user = await app.logIn(Realm.Credentials.emailPassword('busy@example.com', 'logs-in-a-lot'));
      const { key } = await user.apiKeys.create('busy');
      const logIn = async () =>
        (await call(node.url, 'POST', '/api/client/v2.0/app/demo/auth/providers/api-key/login', { body: { key } })).status;
      // 600 logins, 50 at a time: before temp_store=MEMORY, this spilled the undo log to a file every time.
      for (let round = 0; round < 12; round++)
        expect(new Set(await Promise.all(Array.from({ length: 50 }, logIn)))).toEqual(new Set([200]));
      const open = await readdir(`/proc/${node.child.pid}/fd`);
      const targets = await Promise.all(open.map((fd) => readlink(`/proc/${node.child.pid}/fd/${fd}`).catch(() => '')));
      expect(targets.filter((target) => target.includes('etilqs_'))).toEqual([]);
    } finally {
      expect(await node.stop()).toBe(0);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
