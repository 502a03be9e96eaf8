import type { AccessTokenAnswer, ApiKey, AuditEvent, CreatedApiKey, KeyVerification, LoginAnswer, Profile } from '@latchkey/protocol';
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as Realm from 'realm-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT, signUp, startTestServer, type TestServer } from './harness.js';
import { until } from './nodes.js';

/** Keys beyond App Services: created/last used/expiry/scopes fields, expiry, scopes, rotation, revocation by value, verify. */
let server: TestServer;
let offset = 0;
const HOUR = 3_600_000;

beforeAll(async () => {
  server = await startTestServer({ clock: { now: () => Date.now() + offset } });
});
afterAll(() => server.close());

const KEYS = `${CLIENT}/auth/api_keys`;
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

async function createKey(refreshToken: string, body: Record<string, unknown>) {
  const response = await server.request('POST', KEYS, { token: refreshToken, body });
  expect(response.status, response.text).toBe(201);
  return response.body as { _id: string; key: string; name: string; expires_at: string | null; scopes: string[] };
}
const logIn = (appId: string, key: string) =>
  server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/api-key/login`, { body: { key } });

describe('key fields', () => {
  it('create, fetch and fetchAll add created_at, last_used_at, expires_at and scopes; realm-web ignores them', async () => {
    const appId = await server.createApp();
    const owner = await signUp(server, appId);
    const created = await createKey(owner.refresh_token, { name: 'fields' });
    expect(created).toMatchObject({ name: 'fields', disabled: false, last_used_at: null, expires_at: null, scopes: [] });
    expect(Date.parse((created as unknown as { created_at: string }).created_at)).toBeGreaterThan(0);

    // realm-web passes the extra fields through and keeps working.
    const email = `realm-${Date.now()}@example.com`;
    await signUp(server, appId, email, 'correct horse battery');
    const user = await server.realmApp(appId).logIn(Realm.Credentials.emailPassword(email, 'correct horse battery'));
    const made = await user.apiKeys.create('from-realm-web');
    expect(made).toMatchObject({ name: 'from-realm-web', disabled: false, key: expect.stringMatching(/^lku_/) });
    expect(await user.apiKeys.fetch(made._id)).toMatchObject({ _id: made._id, name: 'from-realm-web', disabled: false });
    expect((await user.apiKeys.fetchAll()).map((key) => key.name)).toEqual(['from-realm-web']);
    await user.logOut();
  });

  it('last_used_at shows a login within seconds, without the list being stale', async () => {
    const appId = await server.createApp();
    const owner = await signUp(server, appId);
    const created = await createKey(owner.refresh_token, { name: 'used' });
    // Read the list once, so it is cached before the use.
    expect((await server.request<ApiKey[]>('GET', KEYS, { token: owner.refresh_token })).body[0]!.last_used_at).toBeNull();
    expect((await logIn(appId, created.key)).status).toBe(200);
    await until(
      async () => (await server.request<ApiKey[]>('GET', KEYS, { token: owner.refresh_token })).body[0]!.last_used_at !== null,
      'last_used_at to be recorded',
    );
    const fetched = await server.request<ApiKey>('GET', `${KEYS}/${created._id}`, { token: owner.refresh_token });
    expect(Date.parse(fetched.body.last_used_at!)).toBeGreaterThanOrEqual(Date.parse(fetched.body.created_at));
  });
});

describe('expiry', () => {
  it('an expired key logs in like a deleted one; tokens minted from it never outlive it', async () => {
    const appId = await server.createApp();
    const owner = await signUp(server, appId);
    const expiresAt = new Date(Date.now() + offset + HOUR);
    const created = await createKey(owner.refresh_token, { name: 'short', expires_at: expiresAt.toISOString() });
    expect(created.expires_at).toBe(expiresAt.toISOString());
    const login = await logIn(appId, created.key);
    expect(login.status).toBe(200);
    expect(claimsOf(login.body.access_token).exp).toBeLessThanOrEqual(Math.floor(expiresAt.getTime() / 1000));
    expect(claimsOf(login.body.refresh_token!).exp).toBeLessThanOrEqual(Math.floor(expiresAt.getTime() / 1000));

    offset += 2 * HOUR;
    try {
      expect([(await logIn(appId, created.key)).status, (await logIn(appId, created.key)).body.error_code]).toEqual([401, 'AuthError']);
      const refreshed = await server.request<AccessTokenAnswer>('POST', `${CLIENT}/auth/session`, { token: login.body.refresh_token });
      expect([refreshed.status, refreshed.body.error_code]).toEqual([401, 'InvalidSession']);
    } finally {
      offset -= 2 * HOUR;
    }
  });

  it('refuses an expiry in the past, or beyond the app’s maxApiKeyLifetimeDays, and applies that limit when none is given', async () => {
    const appId = await server.createApp({ maxApiKeyLifetimeDays: 30 });
    const owner = await signUp(server, appId);
    for (const expires_at of [new Date(Date.now() - HOUR).toISOString(), new Date(Date.now() + 31 * 24 * HOUR).toISOString(), 'tomorrow']) {
      const response = await server.request('POST', KEYS, { token: owner.refresh_token, body: { name: 'bad', expires_at } });
      expect([response.status, response.body.error_code]).toEqual([400, 'InvalidParameter']);
    }
    const defaulted = await createKey(owner.refresh_token, { name: 'defaulted' });
    const lifetime = Date.parse(defaulted.expires_at!) - Date.now();
    expect(lifetime).toBeGreaterThan(29 * 24 * HOUR);
    expect(lifetime).toBeLessThanOrEqual(30 * 24 * HOUR);
  });
});

describe('scopes', () => {
  it('a scoped key’s access tokens carry `scope`, checked with the JWKS as a backend would', async () => {
    const appId = await server.createApp({ apiKeyScopes: ['read', 'write', 'admin:billing'] });
    const owner = await signUp(server, appId);
    const scoped = await createKey(owner.refresh_token, { name: 'reader', scopes: ['write', 'read'] });
    expect(scoped.scopes).toEqual(['read', 'write']);
    const jwks = createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`));
    const login = await logIn(appId, scoped.key);
    const { payload } = await jwtVerify(login.body.access_token, jwks, { audience: appId });
    expect(payload.scope).toBe('read write');
    // A refreshed access token keeps the scope.
    const refreshed = await server.request<AccessTokenAnswer>('POST', `${CLIENT}/auth/session`, { token: login.body.refresh_token });
    expect((await jwtVerify(refreshed.body.access_token, jwks)).payload.scope).toBe('read write');
    // Unscoped keys and password sessions carry none.
    const unscoped = await createKey(owner.refresh_token, { name: 'whole' });
    expect((await jwtVerify((await logIn(appId, unscoped.key)).body.access_token, jwks)).payload.scope).toBeUndefined();
    expect((await jwtVerify(owner.access_token, jwks)).payload.scope).toBeUndefined();
  });

  it('refuses scopes the app did not declare', async () => {
    const appId = await server.createApp({ apiKeyScopes: ['read'] });
    const owner = await signUp(server, appId);
    for (const scopes of [['delete'], [], ['has space']]) {
      const response = await server.request('POST', KEYS, { token: owner.refresh_token, body: { name: 'x', scopes } });
      expect([response.status, response.body.error_code]).toEqual([400, 'InvalidParameter']);
    }
  });
});

describe('rotation', () => {
  it('with grace 0 the old secret and every session it opened die at once; the key keeps its id', async () => {
    const appId = await server.createApp();
    const owner = await signUp(server, appId);
    const created = await createKey(owner.refresh_token, { name: 'rotated' });
    const session = (await logIn(appId, created.key)).body;
    const rotated = await server.request<CreatedApiKey>('POST', `${KEYS}/${created._id}/rotate`, {
      token: owner.refresh_token,
      body: { grace_seconds: 0 },
    });
    expect(rotated.status).toBe(201);
    expect(rotated.body._id).toBe(created._id);
    expect(rotated.body.key).not.toBe(created.key);
    expect((await logIn(appId, created.key)).status).toBe(401);
    expect((await server.request<Profile>('GET', `${CLIENT}/auth/profile`, { token: session.access_token })).status).toBe(401);
    expect((await server.request<AccessTokenAnswer>('POST', `${CLIENT}/auth/session`, { token: session.refresh_token })).status).toBe(401);
    expect((await logIn(appId, rotated.body.key)).status).toBe(200);
  });

  it('with a grace period the old secret logs in until it ends, then never, and its sessions end with it', async () => {
    const appId = await server.createApp();
    const owner = await signUp(server, appId);
    const created = await createKey(owner.refresh_token, { name: 'graceful' });
    const before = (await logIn(appId, created.key)).body;
    const asked = Date.now() + offset;
    const rotated = await server.request<CreatedApiKey>('POST', `${KEYS}/${created._id}/rotate`, {
      token: owner.refresh_token,
      body: { grace_seconds: 600 },
    });
    const answered = Date.now() + offset;
    expect(rotated.status).toBe(201);
    // The key's answers (the user's and the operator's) say until when the old secret lasts.
    const graceEnds = Date.parse(rotated.body.previous_secret_valid_until!);
    // 600 s after the server's clock at the rotation, which lies between the request and its answer.
    expect(graceEnds).toBeGreaterThanOrEqual(asked + 600_000);
    expect(graceEnds).toBeLessThanOrEqual(answered + 600_000);
    const listed = await server.admin<{ previous_secret_valid_until: string }[]>('GET', `/apps/${appId}/users/${owner.user_id}/api_keys`);
    expect(listed.body.map((key) => key.previous_secret_valid_until)).toEqual([rotated.body.previous_secret_valid_until]);
    const during = await logIn(appId, created.key);
    expect(during.status).toBe(200);
    expect(claimsOf(during.body.refresh_token!).exp).toBeLessThanOrEqual(Math.floor((Date.now() + offset) / 1000) + 601);
    offset += 11 * 60_000;
    try {
      expect((await logIn(appId, created.key)).status).toBe(401);
      for (const token of [before.refresh_token, during.body.refresh_token]) {
        expect((await server.request<AccessTokenAnswer>('POST', `${CLIENT}/auth/session`, { token })).status).toBe(401);
      }
      expect((await logIn(appId, rotated.body.key)).status).toBe(200);
    } finally {
      offset -= 11 * 60_000;
    }
  });

  it('refuses a grace over 7 days, another user’s key, and a session opened with a key', async () => {
    const appId = await server.createApp();
    const owner = await signUp(server, appId);
    const other = await signUp(server, appId);
    const created = await createKey(owner.refresh_token, { name: 'mine' });
    const rotate = (token: string | null, body: unknown) =>
      server.request<CreatedApiKey>('POST', `${KEYS}/${created._id}/rotate`, { token, body });
    expect((await rotate(owner.refresh_token, { grace_seconds: 8 * 86_400 })).body.error_code).toBe('InvalidParameter');
    expect((await rotate(other.refresh_token, { grace_seconds: 0 })).body.error_code).toBe('APIKeyNotFound');
    const keySession = (await logIn(appId, created.key)).body;
    expect((await rotate(keySession.refresh_token, { grace_seconds: 0 })).body.error_code).toBe('APIKeySessionNotAllowed');
  });
});

describe('revocation by value', () => {
  const revoke = (keys: unknown) => server.request('POST', `${CLIENT}/api_keys/revoke`, { body: { keys } });

  it('disables user and server keys and their sessions, answering exactly the same for hits and misses', async () => {
    const appId = await server.createApp();
    const owner = await signUp(server, appId);
    const userKey = await createKey(owner.refresh_token, { name: 'leaked' });
    const serverKey = (await server.admin<CreatedApiKey>('POST', `/apps/${appId}/api_keys`, { name: 'leaked-backend' })).body as {
      key: string;
    };
    const session = (await logIn(appId, userKey.key)).body;
    const unknown = (await createKey(owner.refresh_token, { name: 'throwaway' })).key;
    await server.request(
      'DELETE',
      `${KEYS}/${(await server.request<ApiKey[]>('GET', KEYS, { token: owner.refresh_token })).body[1]!._id}`,
      {
        token: owner.refresh_token,
      },
    );

    const hit = await revoke([userKey.key, serverKey.key]);
    const miss = await revoke([unknown, 'lku_not-even-a-key']);
    for (const answer of [hit, miss])
      expect([answer.status, answer.headers.get('content-type'), answer.text]).toEqual([202, 'application/json', '{}']);
    // Carried out right after the answer.
    await server.latchkey.idle();

    expect((await logIn(appId, userKey.key)).status).toBe(401);
    expect((await logIn(appId, serverKey.key)).status).toBe(401);
    expect((await server.request<Profile>('GET', `${CLIENT}/auth/profile`, { token: session.access_token })).status).toBe(401);
    const listed = await server.request('GET', `${KEYS}/${userKey._id}`, { token: owner.refresh_token });
    expect(listed.body.disabled).toBe(true);
    const events = (await server.admin<AuditEvent[]>('GET', `/apps/${appId}/audit?type=key.revoked_as_leaked`)).body as {
      key_id: string;
    }[];
    expect(events.map((event) => event.key_id)).toContain(userKey._id);
  });

  it('is kept before it is answered: a request the process stopped before carrying out is carried out at the next sweep', async () => {
    const appId = await server.createApp();
    const owner = await signUp(server, appId);
    const leaked = await createKey(owner.refresh_token, { name: 'leaked-before-a-crash' });
    // What a request leaves in the store between its answer and its work.
    await server.latchkey.store.insertRevocationRequest({
      id: '0123456789abcdef01234567',
      secretHashes: [createHash('sha256').update(leaked.key).digest()],
      ip: '192.0.2.1',
      userAgent: 'scanner',
      requestedAt: Date.now() + offset - 60_000,
    });
    expect((await logIn(appId, leaked.key)).status).toBe(200);
    expect((await server.latchkey.maintenance()).revocationRequests).toBe(1);
    expect((await logIn(appId, leaked.key)).status).toBe(401);
    expect((await server.latchkey.maintenance()).revocationRequests).toBe(0);
  });

  it('refuses malformed input with a coded 400', async () => {
    for (const keys of [[], 'lku_x', Array.from({ length: 101 }, () => 'x'), [42], ['x'.repeat(201)]]) {
      const response = await revoke(keys);
      expect([response.status, response.headers.get('content-type'), typeof response.body.error_code]).toEqual([
        400,
        'application/json',
        'string',
      ]);
    }
  });
});

describe('verify', () => {
  async function serverSession(appId: string) {
    const created = (await server.admin<CreatedApiKey>('POST', `/apps/${appId}/api_keys`, { name: `backend-${Date.now()}` })).body as {
      key: string;
    };
    return (await logIn(appId, created.key)).body as { access_token: string };
  }
  const verify = (appId: string, token: string | undefined, key: string) =>
    server.request<KeyVerification>('POST', `${CLIENT}/app/${appId}/auth/api_keys/verify`, { ...(token ? { token } : {}), body: { key } });

  it('answers valid, disabled, expired, unknown and another app’s key, and counts a use', async () => {
    const appId = await server.createApp({ apiKeyScopes: ['read'] });
    const otherApp = await server.createApp();
    const backend = await serverSession(appId);
    const owner = await signUp(server, appId);
    const good = await createKey(owner.refresh_token, { name: 'good', scopes: ['read'] });
    const expires = new Date(Date.now() + offset + HOUR).toISOString();
    const expiring = await createKey(owner.refresh_token, { name: 'expiring', expires_at: expires });
    const foreign = await createKey((await signUp(server, otherApp)).refresh_token, { name: 'foreign' });

    const valid = await verify(appId, backend.access_token, good.key);
    expect(valid.body).toEqual({ valid: true, key_id: good._id, user_id: owner.user_id, name: 'good', scopes: ['read'], expires_at: null });
    expect((await verify(appId, backend.access_token, expiring.key)).body).toMatchObject({ valid: true, expires_at: expires });
    expect((await verify(appId, backend.access_token, foreign.key)).body).toEqual({ valid: false, code: 'NOT_FOUND' });
    expect((await verify(appId, backend.access_token, 'lku_nonsense')).body).toEqual({ valid: false, code: 'NOT_FOUND' });

    await server.request('PUT', `${KEYS}/${good._id}/disable`, { token: owner.refresh_token });
    expect((await verify(appId, backend.access_token, good.key)).body).toEqual({ valid: false, code: 'DISABLED' });
    await server.request('PUT', `${KEYS}/${good._id}/enable`, { token: owner.refresh_token });
    expect((await verify(appId, backend.access_token, good.key)).body.valid).toBe(true);

    offset += 2 * HOUR;
    try {
      const fresh = await serverSession(appId);
      expect((await verify(appId, fresh.access_token, expiring.key)).body).toEqual({ valid: false, code: 'EXPIRED' });
    } finally {
      offset -= 2 * HOUR;
    }
    await until(
      async () => (await server.request('GET', `${KEYS}/${good._id}`, { token: owner.refresh_token })).body.last_used_at !== null,
      'last_used_at to be recorded',
    );
  });

  it('is refused without a token, with a user’s token, and with another app’s server session', async () => {
    const appId = await server.createApp();
    const otherApp = await server.createApp();
    const owner = await signUp(server, appId);
    const key = await createKey(owner.refresh_token, { name: 'k' });
    const none = await verify(appId, undefined, key.key);
    expect([none.status, none.body.error_code]).toEqual([401, 'MissingAuthReq']);
    const asUser = await verify(appId, owner.access_token, key.key);
    expect([asUser.status, asUser.body.error_code]).toEqual([403, 'ServerUserRequired']);
    const userKeySession = (await logIn(appId, key.key)).body;
    expect((await verify(appId, userKeySession.access_token, key.key)).body.error_code).toBe('ServerUserRequired');
    const elsewhere = await serverSession(otherApp);
    expect((await verify(appId, elsewhere.access_token, key.key)).body.error_code).toBe('ServerUserRequired');
  });
});
