import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN } from '../harness.js';
import { CoreApp, CoreCredentials, checkForErrors, type CoreUser } from './core-client.js';
import { PASSWORD, conformanceServer, coreError, emailUser, newApp } from './conformance.js';

/** realm-core conformance, continued: how core reads every error, and custom user data (see realm-core.test.ts). */
const ctx = conformanceServer();

describe('errors (app_utils.cpp, check_for_errors): every code reaches core, not a bare HTTPError', () => {
  it.each([
    [
      'InvalidPassword',
      401,
      async (app: CoreApp, user: CoreUser, address: string) => {
        void user;
        await new CoreApp(app.appId, ctx.server.url).logIn(CoreCredentials.emailPassword(address, 'wrong password!'));
      },
    ],
    ['AccountNameInUse', 409, async (app: CoreApp, _user: CoreUser, address: string) => app.registerEmail(address, PASSWORD)],
    ['InvalidParameter', 400, async (app: CoreApp) => app.registerEmail('not-an-email', PASSWORD)],
    ['APIKeyNotFound', 404, async (app: CoreApp, user: CoreUser) => app.apiKeys(user).fetch('0123456789abcdef01234567')],
    [
      'APIKeyAlreadyExists',
      409,
      async (app: CoreApp, user: CoreUser) => {
        await app.apiKeys(user).create('twin');
        await app.apiKeys(user).create('twin');
      },
    ],
    ['InvalidParameter', 400, async (app: CoreApp, user: CoreUser) => app.apiKeys(user).create('no spaces allowed')],
    ['AuthError', 401, async (app: CoreApp) => new CoreApp(app.appId, ctx.server.url).logIn(CoreCredentials.apiKey('lku_not-a-key'))],
  ] as const)('%s (%i)', async (code, status, act) => {
    const app = await newApp(ctx);
    const { user, address } = await emailUser(app);
    const error = await coreError(act(app, user, address));
    expect([error.code, error.serverError, error.httpStatus]).toEqual([code, code, status]);
  });

  it("Latchkey's own codes reach core as AppServerError with the code in server_error", async () => {
    const app = await newApp(ctx, { maxUserApiKeys: 1 });
    const { user } = await emailUser(app);
    await app.apiKeys(user).create('only');
    const limit = await coreError(app.apiKeys(user).create('second'));
    expect([limit.code, limit.serverError, limit.httpStatus]).toEqual(['AppServerError', 'APIKeyLimitReached', 403]);
    const anonymous = await app.logIn(CoreCredentials.anonymous());
    const notAllowed = await coreError(app.apiKeys(anonymous).create('nope'));
    expect([notAllowed.code, notAllowed.serverError, notAllowed.httpStatus]).toEqual(['AppServerError', 'APIKeyNotAllowed', 403]);
  });

  it('Functions, and so MongoDB data access, answer NotSupported (501), which core reads', async () => {
    const app = await newApp(ctx);
    const { user } = await emailUser(app);
    const error = await coreError(app.callFunction(user, 'sum', [1, 2]));
    expect([error.code, error.serverError, error.httpStatus]).toEqual(['AppServerError', 'NotSupported', 501]);
  });

  it('every answer with a body says exactly application/json', async () => {
    const app = await newApp(ctx);
    const { user } = await emailUser(app);
    await coreError(app.apiKeys(user).fetch('0123456789abcdef01234567'));
    const paths = [
      '/health',
      '/.well-known/jwks.json',
      `/api/client/v2.0/app/${app.appId}/location`,
      '/api/client/v2.0/auth/profile',
      '/no/such/route',
    ];
    for (const path of paths) {
      const response = await fetch(ctx.server.url + path, { headers: { authorization: `Bearer ${user.accessToken!.token}` } });
      expect(response.headers.get('content-type'), path).toBe('application/json');
    }
    const bareNotFound = checkForErrors({
      status: 404,
      headers: new Headers({ 'content-type': 'application/json; charset=utf-8' }),
      body: '{"error":"x","error_code":"APIKeyNotFound"}',
    });
    expect(bareNotFound?.code).toBe('HTTPError');
  });
});

describe('custom user data (app_user.cpp, User::custom_data; app.cpp, refresh_custom_data)', () => {
  it('is set by an operator and carried in every access token minted afterwards', async () => {
    const app = await newApp(ctx);
    const { user } = await emailUser(app);
    expect(app.customData(user)).toEqual({});
    const data = { plan: 'pro', seats: 12, ratio: 0.25, flags: [true, null], team: { name: 'Blue', since: 2024 } };
    const put = await fetch(`${ctx.server.url}/api/admin/v1/apps/${app.appId}/users/${user.id}/custom_data`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(data),
    });
    expect(put.status).toBe(204);
    expect(app.customData(user)).toEqual({});
    await app.refreshAccessToken(user);
    expect(app.customData(user)).toEqual(data);
    const ints = user.accessToken!.userData!;
    expect(ints.type === 'document' && ints.fields.get('seats')?.type).toBe('int64');
    const { key } = await app.apiKeys(user).create('k');
    const device = new CoreApp(app.appId, ctx.server.url);
    expect(device.customData(await device.logIn(CoreCredentials.apiKey(key!)))).toEqual(data);
  });
});
