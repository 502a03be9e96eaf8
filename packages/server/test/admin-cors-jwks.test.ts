import type { ApiKey, App, CreatedApiKey, Location, LoginAnswer, Profile } from '@latchkey/protocol';
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import * as Realm from 'realm-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT, signUp, startTestServer, type TestServer, UNUSED_KEY_FIELDS } from './harness.js';

/** What Latchkey adds to a key nobody has used yet, without expiry or scopes (App Services' clients ignore it). */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('JWKS', () => {
  it('publishes the public key that verifies access tokens, at the root and under the app', async () => {
    const appId = await server.createApp();
    const { access_token } = await signUp(server, appId);
    const [header, payload, signature] = access_token.split('.') as [string, string, string];
    const { kid, alg } = JSON.parse(Buffer.from(header, 'base64url').toString());
    expect(alg).toBe('EdDSA');
    const root = await server.request<{ keys: (JsonWebKey & { kid: string })[] }>('GET', '/.well-known/jwks.json');
    const scoped = await server.request('GET', `${CLIENT}/app/${appId}/.well-known/jwks.json`);
    expect(scoped.body).toEqual(root.body);
    const jwk = root.body.keys.find((key) => key.kid === kid)!;
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', use: 'sig', alg: 'EdDSA' });
    expect(jwk.d).toBeUndefined();
    const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
    expect(verify(null, Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims).toMatchObject({ aud: appId, typ: 'access', user_data: {} });
    expect(claims.exp - claims.iat).toBe(30 * 60);
  });
});

describe('admin API', () => {
  it('creates apps, refuses duplicates and bad settings, and updates settings', async () => {
    const created = await server.admin<App>('POST', '/apps', {
      client_app_id: 'admin-made',
      name: 'Made by admin',
      settings: { maxUserApiKeys: 2 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      client_app_id: 'admin-made',
      name: 'Made by admin',
      settings: { maxUserApiKeys: 2, accessTokenTtlSeconds: 1800 },
    });
    expect((await server.admin<App>('POST', '/apps', { client_app_id: 'admin-made' })).body.error_code).toBe('AppAlreadyExists');
    expect((await server.admin<App>('POST', '/apps', { client_app_id: 'Bad Id!' })).status).toBe(400);
    const incoherent = await server.admin('PATCH', '/apps/admin-made', {
      settings: { accessTokenTtlSeconds: 3600, refreshTokenTtlSeconds: 600 },
    });
    expect([incoherent.status, incoherent.body.error_code]).toEqual([400, 'InvalidParameter']);
    expect((await server.admin('PATCH', '/apps/admin-made', { settings: { unknown: 1 } })).status).toBe(400);
    const updated = await server.admin<App>('PATCH', '/apps/admin-made', { settings: { accessTokenTtlSeconds: 600 } });
    expect(updated.body.settings.accessTokenTtlSeconds).toBe(600);
    const { access_token } = await signUp(server, 'admin-made');
    const claims = JSON.parse(Buffer.from(access_token.split('.')[1]!, 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(600);
    expect((await server.admin('GET', '/apps/no-such-app')).body.error_code).toBe('AppNotFound');
  });

  it('applies the per-app key limit', async () => {
    const appId = await server.createApp({ maxUserApiKeys: 1 });
    const { refresh_token } = await signUp(server, appId);
    expect(
      (await server.request<CreatedApiKey>('POST', `${CLIENT}/auth/api_keys`, { token: refresh_token, body: { name: 'one' } })).status,
    ).toBe(201);
    expect(
      (await server.request<CreatedApiKey>('POST', `${CLIENT}/auth/api_keys`, { token: refresh_token, body: { name: 'two' } })).body
        .error_code,
    ).toBe('APIKeyLimitReached');
  });

  it('manages server keys: list without secrets, disable (revoking sessions), enable, delete', async () => {
    const appId = await server.createApp();
    const created = await server.admin<CreatedApiKey>('POST', `/apps/${appId}/api_keys`, { name: 'worker' });
    expect((await server.admin<CreatedApiKey>('POST', `/apps/${appId}/api_keys`, { name: 'worker' })).body.error_code).toBe(
      'APIKeyAlreadyExists',
    );
    const { _id, key } = created.body;
    expect((await server.admin<ApiKey[]>('GET', `/apps/${appId}/api_keys`)).body).toEqual([
      { _id, name: 'worker', disabled: false, ...UNUSED_KEY_FIELDS },
    ]);
    const worker = await server.realmApp(appId).logIn(Realm.Credentials.apiKey(key));
    expect((await server.admin('PUT', `/apps/${appId}/api_keys/${_id}/disable`)).status).toBe(204);
    expect((await server.request<Profile>('GET', `${CLIENT}/auth/profile`, { token: worker.accessToken! })).status).toBe(401);
    const refused = await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/api-key/login`, { body: { key } });
    expect(refused.body.error_code).toBe('AuthError');
    expect((await server.admin('PUT', `/apps/${appId}/api_keys/${_id}/enable`)).status).toBe(204);
    expect(
      (await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/api-key/login`, { body: { key } })).status,
    ).toBe(200);
    expect((await server.admin('DELETE', `/apps/${appId}/api_keys/${_id}`)).status).toBe(204);
    expect((await server.admin<ApiKey>('GET', `/apps/${appId}/api_keys/${_id}`)).body.error_code).toBe('APIKeyNotFound');
    expect(
      (await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/api-key/login`, { body: { key } })).status,
    ).toBe(401);
  });
});

describe('CORS', () => {
  const origin = 'https://allowed.example.com';

  it('answers preflights for allowed origins and not for others', async () => {
    await server.createApp({ corsOrigins: [origin] });
    const preflight = (from: string) =>
      server.request('OPTIONS', `${CLIENT}/auth/api_keys`, {
        headers: { origin: from, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const allowed = await preflight(origin);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(origin);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    // With no app allowing it (the demo app allows any origin, so use a server without it).
    const strictOnly = await startTestServer();
    try {
      await strictOnly.admin('PATCH', '/apps/demo', { settings: { corsOrigins: [origin] } });
      const refused = await strictOnly.request('OPTIONS', `${CLIENT}/auth/api_keys`, {
        headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
      });
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect(refused.headers.get('access-control-allow-methods')).toBeNull();
    } finally {
      await strictOnly.close();
    }
  });

  it('refuses a preflight to an app from an origin that app does not allow, though other apps allow any', async () => {
    const strict = await server.createApp({ corsOrigins: [origin] });
    await server.createApp();
    const preflight = (from: string, appId = strict) =>
      server.request('OPTIONS', `${CLIENT}/app/${appId}/auth/providers/local-userpass/login`, {
        headers: { origin: from, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    expect((await preflight(origin)).headers.get('access-control-allow-origin')).toBe(origin);
    const evil = await preflight('https://evil.example.com');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(evil.headers.get('access-control-allow-methods')).toBeNull();
    expect((await preflight(origin, 'no-such-app')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it("applies each app's own origins to its requests", async () => {
    const strict = await server.createApp({ corsOrigins: [origin] });
    const open = await server.createApp();
    const from = (appId: string, requestOrigin: string) =>
      server.request<Location>('GET', `${CLIENT}/app/${appId}/location`, { headers: { origin: requestOrigin } });
    expect((await from(strict, origin)).headers.get('access-control-allow-origin')).toBe(origin);
    expect((await from(strict, 'https://evil.example.com')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await from(open, 'https://anything.example.com')).headers.get('access-control-allow-origin')).toBe(
      'https://anything.example.com',
    );
    const user = await signUp(server, strict);
    const profile = (requestOrigin: string) =>
      server.request<Profile>('GET', `${CLIENT}/auth/profile`, { token: user.access_token, headers: { origin: requestOrigin } });
    expect((await profile(origin)).headers.get('access-control-allow-origin')).toBe(origin);
    expect((await profile('https://evil.example.com')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('picks up origins changed through the admin API at once', async () => {
    const appId = await server.createApp({ corsOrigins: [origin] });
    const later = 'https://later.example.com';
    const check = () => server.request<Location>('GET', `${CLIENT}/app/${appId}/location`, { headers: { origin: later } });
    expect((await check()).headers.get('access-control-allow-origin')).toBeNull();
    await server.admin<App>('PATCH', `/apps/${appId}`, { settings: { corsOrigins: [origin, later] } });
    expect((await check()).headers.get('access-control-allow-origin')).toBe(later);
  });
});

describe('realm-web edge cases', () => {
  it('logOut succeeds quietly when the session was already revoked on the server', async () => {
    const app = server.realmApp(await server.createApp());
    const email = `quiet-${Date.now()}@example.com`;
    await app.emailPasswordAuth.registerUser({ email, password: 'quiet-logout' });
    const owner = await app.logIn(Realm.Credentials.emailPassword(email, 'quiet-logout'));
    const { _id, key } = await owner.apiKeys.create('device');
    const device = await server.realmApp(app.id).logIn(Realm.Credentials.apiKey(key));
    await owner.apiKeys.delete(_id);
    await expect(device.logOut()).resolves.toBeUndefined();
    expect(device.isLoggedIn).toBe(false);
  });

  it('the location answer names this server', async () => {
    const appId = await server.createApp();
    const location = await server.request<Location>('GET', `${CLIENT}/app/${appId}/location`);
    expect(location.body).toEqual({
      deployment_model: 'GLOBAL',
      location: 'local',
      hostname: server.url,
      ws_hostname: server.url.replace('http', 'ws'),
    });
  });
});
