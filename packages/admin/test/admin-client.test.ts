import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The real server, started from its build as users run it (the same launcher the SDK's tests use).
import { ADMIN_TOKEN, UNUSED_KEY_FIELDS, startServer, type RunningServer } from '../../client/test/server.js';
import { ADMIN_PREFIX, ADMIN_ROUTES, LatchkeyAdmin, LatchkeyAdminError, METRICS_PATH, type AuditEvent } from '../src/index.js';

const OPENAPI = new URL('../../../docs/openapi.json', import.meta.url);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe('the admin client and docs/openapi.json', () => {
  it('has a method for every admin route, and a route for every method', async () => {
    const document = JSON.parse(await readFile(OPENAPI, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths)
      .filter(([path]) => path.startsWith(ADMIN_PREFIX))
      .flatMap(([path, operations]) =>
        Object.keys(operations)
          .filter((method) => METHODS.includes(method))
          .map((method) => `${method.toUpperCase()} ${path.slice(ADMIN_PREFIX.length)}`),
      );
    const called = Object.values(ADMIN_ROUTES).map(([method, path]) => `${method} ${path}`);
    expect([...called].sort()).toEqual([...documented].sort());
    expect(Object.keys(document.paths[METRICS_PATH] ?? {})).toContain('get');
  });
});

describe('the admin client against a real server', () => {
  let server: RunningServer;
  let admin: LatchkeyAdmin;
  beforeAll(async () => {
    server = await startServer();
    admin = new LatchkeyAdmin({ baseUrl: server.url, token: ADMIN_TOKEN });
  });
  afterAll(() => server.stop());

  const client = async (path: string, body: unknown, token?: string) => {
    const response = await fetch(`${server.url}/api/client/v2.0${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return (await response.json()) as Record<string, string>;
  };

  it('manages apps and server keys', async () => {
    const app = await admin.createApp({ client_app_id: 'admin-sdk-apps', settings: { maxServerApiKeys: 3 } });
    expect(app).toMatchObject({ client_app_id: 'admin-sdk-apps', has_webhook_secret: false, settings: { maxServerApiKeys: 3 } });
    expect((await admin.getApp('admin-sdk-apps'))._id).toBe(app._id);
    expect((await admin.updateApp('admin-sdk-apps', { auditRetentionDays: 7 })).settings.auditRetentionDays).toBe(7);
    expect((await admin.listApps()).map((listed) => listed.client_app_id)).toContain('admin-sdk-apps');

    const key = await admin.createServerKey('admin-sdk-apps', 'backend');
    expect(key.key).toMatch(/^lks_/);
    await admin.disableServerKey('admin-sdk-apps', key._id);
    expect(await admin.getServerKey('admin-sdk-apps', key._id)).toEqual({
      _id: key._id,
      name: 'backend',
      disabled: true,
      ...UNUSED_KEY_FIELDS,
    });
    await admin.enableServerKey('admin-sdk-apps', key._id);
    expect(await admin.listServerKeys('admin-sdk-apps')).toEqual([
      { _id: key._id, name: 'backend', disabled: false, ...UNUSED_KEY_FIELDS },
    ]);
    await admin.deleteServerKey('admin-sdk-apps', key._id);
    expect(await admin.listServerKeys('admin-sdk-apps')).toEqual([]);
    expect(await admin.rotateWebhookSecret('admin-sdk-apps')).toMatch(/^lkw_/);

    await admin.deleteApp('admin-sdk-apps');
    await expect(admin.getApp('admin-sdk-apps')).rejects.toMatchObject({ statusCode: 404, errorCode: 'AppNotFound' });
  });

  it('manages users, their custom data and their keys, and reads the audit log', async () => {
    await admin.createApp({ client_app_id: 'admin-sdk-users' });
    const created = await admin.createUser('admin-sdk-users', { email: 'sdk-user@example.com', password: 'sdk-password' });
    expect(created).toMatchObject({ type: 'normal', disabled: false, api_key_count: 0 });
    const login = await client('/app/admin-sdk-users/auth/providers/local-userpass/login', {
      username: 'sdk-user@example.com',
      password: 'sdk-password',
    });
    const key = await client('/auth/api_keys', { name: 'laptop' }, login['refresh_token']);
    for (let i = 0; i < 3; i++) await client('/app/admin-sdk-users/auth/providers/anon-user/login', {});

    const [found] = await admin.listUsers('admin-sdk-users', { email: 'SDK-user@example.com' });
    expect(found).toMatchObject({ _id: created._id, api_key_count: 1 });
    const everyone = [];
    for await (const user of admin.users('admin-sdk-users', { limit: 2 })) everyone.push(user._id);
    expect(everyone).toHaveLength(4);
    expect(new Set(everyone).size).toBe(4);

    await admin.setCustomData('admin-sdk-users', created._id, { plan: 'pro' });
    expect(await admin.getCustomData('admin-sdk-users', created._id)).toEqual({ plan: 'pro' });
    expect(await admin.listUserKeys('admin-sdk-users', created._id)).toEqual([
      {
        _id: key['_id'],
        name: 'laptop',
        disabled: false,
        ...UNUSED_KEY_FIELDS,
      },
    ]);
    await admin.disableUserKey('admin-sdk-users', created._id, key['_id']!);
    expect((await admin.getUserKey('admin-sdk-users', created._id, key['_id']!)).disabled).toBe(true);
    await admin.enableUserKey('admin-sdk-users', created._id, key['_id']!);
    await admin.deleteUserKey('admin-sdk-users', created._id, key['_id']!);
    await admin.disableUser('admin-sdk-users', created._id);
    expect((await admin.getUser('admin-sdk-users', created._id)).disabled).toBe(true);
    await admin.enableUser('admin-sdk-users', created._id);
    await admin.logOutUser('admin-sdk-users', created._id);

    const events: AuditEvent[] = [];
    for await (const event of admin.auditEvents('admin-sdk-users', { user_id: created._id, limit: 3 })) events.push(event);
    expect(events.map((event) => event.type)).toEqual([
      'sessions.revoked',
      'user.enabled',
      'user.disabled',
      'key.deleted',
      'key.enabled',
      'key.disabled',
      'custom_data.changed',
      'key.created',
      'login.succeeded',
      'user.created',
    ]);
    const since = new Date(Date.parse(events[0]!.at));
    expect((await admin.listAuditEvents('admin-sdk-users', { since })).every((event) => event.at >= events[0]!.at)).toBe(true);

    await admin.deleteUser('admin-sdk-users', created._id);
    await expect(admin.getUser('admin-sdk-users', created._id)).rejects.toMatchObject({ errorCode: 'UserNotFound' });
  });

  it('reads registrations and the mail queue, takes backups and reads metrics', async () => {
    await admin.createApp({ client_app_id: 'admin-sdk-ops' });
    expect(await admin.listPendingRegistrations('admin-sdk-ops', { limit: 5 })).toEqual([]);
    await expect(admin.confirmRegistration('admin-sdk-ops', 'nobody@example.com')).rejects.toMatchObject({ errorCode: 'UserNotFound' });
    await expect(admin.resendConfirmation('admin-sdk-ops', 'nobody@example.com')).rejects.toMatchObject({ errorCode: 'UserNotFound' });
    expect(await admin.listMail()).toEqual([]);
    expect(await admin.retryMail()).toBe(0);

    const copy = Buffer.from(await new Response(await admin.backup()).arrayBuffer());
    expect(copy.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    expect(await admin.metrics()).toMatch(/^# HELP /m);
  });

  it('throws coded errors: a wrong token, and a server that is not there', async () => {
    const wrong = new LatchkeyAdmin({ baseUrl: server.url, token: 'not-the-admin-token' });
    await expect(wrong.listApps()).rejects.toMatchObject({ name: 'LatchkeyAdminError', statusCode: 401, errorCode: 'AuthError' });
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const absent = new LatchkeyAdmin({ baseUrl: `http://127.0.0.1:${port}`, token: ADMIN_TOKEN });
    const error = await absent.listApps().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LatchkeyAdminError);
    expect(error).toMatchObject({ statusCode: 0, errorCode: 'NetworkError' });
  });

  it('a code this SDK does not know (a newer server) is BadResponse, as in the client SDK, the server naming it in the message', async () => {
    const newer = createHttpServer((_request, response) =>
      response.writeHead(409, { 'content-type': 'application/json' }).end('{"error":"a newer refusal","error_code":"FutureCode"}'),
    );
    await new Promise<void>((resolve) => newer.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = newer.address() as AddressInfo;
      const error = await new LatchkeyAdmin({ baseUrl: `http://127.0.0.1:${port}`, token: ADMIN_TOKEN })
        .listApps()
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ statusCode: 409, errorCode: 'BadResponse' });
      expect((error as Error).message).toContain('a newer refusal (server code FutureCode)');
    } finally {
      newer.close();
    }
  });
});
