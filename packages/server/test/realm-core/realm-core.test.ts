import type { CreatedApiKey } from '@latchkey/protocol';
import { describe, expect, it } from 'vitest';
import { CoreApp, CoreCredentials, checkForErrors } from './core-client.js';
import { PASSWORD, conformanceServer, coreError, email, emailUser, newApp } from './conformance.js';

/**
 * Conformance with realm-core v14.14.0, the client of every native Realm SDK: each request as
 * core sends it, each answer read as core reads it (see core-client.ts, which names the core
 * function behind every step). Runs on SQLite and on PostgreSQL.
 */
const ctx = conformanceServer();

describe('location (app.cpp, request_location / update_location)', () => {
  it('answers hostname and ws_hostname, and every later request goes to hostname', async () => {
    const app = await newApp(ctx);
    expect(await app.requestLocation()).toEqual({ hostname: ctx.server.url, wsHostname: ctx.server.url.replace(/^http/, 'ws') });
    await emailUser(app);
    expect(app.sent.every((request) => request.url.startsWith(`${ctx.server.url}/api/client/v2.0/`))).toBe(true);
  });

  it('refuses an unknown app in a way core reads: AppServerError carrying AppNotFound', async () => {
    const error = await coreError(new CoreApp('no-such-app', ctx.server.url).requestLocation());
    expect([error.code, error.serverError, error.httpStatus]).toEqual(['AppServerError', 'AppNotFound', 404]);
  });
});

describe('logins (app.cpp, log_in_with_credentials; impl/app_metadata.cpp, read_user; jwt.cpp)', () => {
  it("email/password: core's exact body (options.device, no deviceId) logs in, and both tokens parse as JWTs", async () => {
    const app = await newApp(ctx);
    const { user, address } = await emailUser(app);
    const login = app.sent.find((request) => request.url.endsWith('/local-userpass/login'))!;
    expect(JSON.parse(login.body).options.device).not.toHaveProperty('deviceId');
    expect(login.headers['Content-Type']).toBe('application/json;charset=utf-8');
    expect(app.isLoggedIn(user)).toBe(true);
    expect(user.deviceId).toMatch(/^[0-9a-f]{24}$/);
    expect(user.identities).toEqual([{ id: expect.any(String), providerType: 'local-userpass' }]);
    expect(user.profileData).toEqual({ email: address });
    const { accessToken, refreshToken } = user;
    expect(accessToken!.expiresAt - accessToken!.issuedAt).toBe(30n * 60n);
    expect(refreshToken!.expiresAt - refreshToken!.issuedAt).toBe(60n * 24n * 60n * 60n);
    expect(accessToken!.userData?.type).toBe('document');
  });

  it("the refresh token's exp is the session's expiry: it stops working exactly then", async () => {
    const app = await newApp(ctx, { accessTokenTtlSeconds: 60, refreshTokenTtlSeconds: 600 });
    const { user } = await emailUser(app);
    const expiresAtMs = Number(user.refreshToken!.expiresAt) * 1000;
    ctx.clock.advance(expiresAtMs - ctx.clock.now() - 2000);
    try {
      await app.refreshAccessToken(user);
      ctx.clock.advance(3000);
      const error = await coreError(app.refreshAccessToken(user));
      expect([error.code, error.httpStatus]).toEqual(['InvalidSession', 401]);
    } finally {
      ctx.clock.advance(-(expiresAtMs - ctx.clock.now()) - 1000);
    }
  });

  it('anonymous: logs in, and a second anonymous login reuses the user on the device', async () => {
    const app = await newApp(ctx);
    const user = await app.logIn(CoreCredentials.anonymous());
    expect(user.identities).toEqual([{ id: expect.any(String), providerType: 'anon-user' }]);
    const requests = app.sent.length;
    expect(await app.logIn(CoreCredentials.anonymous())).toBe(user);
    expect(app.sent.length).toBe(requests);
  });

  it('user API key: logs in as the same user that created it', async () => {
    const app = await newApp(ctx);
    const { user } = await emailUser(app);
    const created = await app.apiKeys(user).create('device');
    const viaKey = await new CoreApp(app.appId, ctx.server.url).logIn(CoreCredentials.apiKey(created.key!));
    expect(viaKey.id).toBe(user.id);
    expect(viaKey.refreshToken).not.toBeNull();
  });

  it('server API key: logs in as a server user', async () => {
    const app = await newApp(ctx);
    const created = await ctx.server.admin<CreatedApiKey>('POST', `/apps/${app.appId}/api_keys`, { name: 'backend' });
    const user = await app.logIn(CoreCredentials.apiKey(created.body.key));
    expect(user.identities).toEqual([{ id: created.body._id, providerType: 'api-key' }]);
  });

  it('a provider Latchkey does not have: AuthProviderNotFound, read by core', async () => {
    const error = await coreError((await newApp(ctx)).logIn(CoreCredentials.custom('a.b.c')));
    expect([error.code, error.httpStatus]).toEqual(['AuthProviderNotFound', 404]);
  });
});

describe('sessions (app.cpp, refresh_access_token, handle_auth_failure, log_out, delete_user)', () => {
  it('an expired access token is refreshed once and the request retried', async () => {
    const app = await newApp(ctx);
    const { user } = await emailUser(app);
    const before = user.accessToken!.token;
    ctx.clock.advance(31 * 60 * 1000);
    try {
      await app.getProfile(user);
    } finally {
      ctx.clock.advance(-31 * 60 * 1000);
    }
    expect(user.accessToken!.token).not.toBe(before);
    expect(app.sent.slice(-3).map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual([
      'GET /api/client/v2.0/auth/profile',
      'POST /api/client/v2.0/auth/session',
      'GET /api/client/v2.0/auth/profile',
    ]);
  });

  it('logs out: the refresh token is dead, and core reads InvalidSession', async () => {
    const app = await newApp(ctx);
    const { user } = await emailUser(app);
    const refreshToken = user.refreshToken!.token;
    await app.logOut(user);
    expect(app.isLoggedIn(user)).toBe(false);
    const response = await fetch(`${ctx.server.url}/api/client/v2.0/auth/session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${refreshToken}` },
    });
    const error = checkForErrors({ status: response.status, headers: response.headers, body: await response.text() });
    expect([error?.code, error?.httpStatus]).toEqual(['InvalidSession', 401]);
  });

  it('a dead refresh token on a key call logs the user out on the device', async () => {
    const app = await newApp(ctx);
    const { user } = await emailUser(app);
    const other = new CoreApp(app.appId, ctx.server.url);
    const stolen = { ...user };
    await other.logOut(stolen);
    const error = await coreError(app.apiKeys(user).fetchAll());
    expect([error.code, error.httpStatus]).toEqual(['InvalidSession', 401]);
    expect(app.isLoggedIn(user)).toBe(false);
  });

  it('deletes the user', async () => {
    const app = await newApp(ctx);
    const { user, address } = await emailUser(app);
    await app.deleteUser(user);
    const error = await coreError(new CoreApp(app.appId, ctx.server.url).logIn(CoreCredentials.emailPassword(address, PASSWORD)));
    expect([error.code, error.httpStatus]).toEqual(['InvalidPassword', 401]);
  });

  it('links an email identity to an anonymous user, who keeps their id', async () => {
    const app = await newApp(ctx);
    const anonymous = await app.logIn(CoreCredentials.anonymous());
    const address = email();
    await app.registerEmail(address, PASSWORD);
    const linked = await app.linkUser(anonymous, CoreCredentials.emailPassword(address, PASSWORD));
    expect(linked.id).toBe(anonymous.id);
    expect(linked.identities.map((identity) => identity.providerType).sort()).toEqual(['anon-user', 'local-userpass']);
  });
});

describe('user API keys (app.cpp, UserAPIKeyProviderClient; every call with the refresh token)', () => {
  it('creates, fetches, lists, disables, enables and deletes, each answer read as core reads it', async () => {
    const app = await newApp(ctx);
    const { user } = await emailUser(app);
    const keys = app.apiKeys(user);
    const created = await keys.create('laptop');
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      key: expect.stringMatching(/^lku_/),
      name: 'laptop',
      disabled: false,
    });
    expect(await keys.fetch(created.id)).toEqual({ ...created, key: undefined });
    expect(await keys.fetchAll()).toEqual([{ ...created, key: undefined }]);
    await keys.disable(created.id);
    expect((await keys.fetch(created.id)).disabled).toBe(true);
    await keys.enable(created.id);
    expect((await keys.fetch(created.id)).disabled).toBe(false);
    await keys.delete(created.id);
    expect(await keys.fetchAll()).toEqual([]);
  });
});
