import type { CreatedApiKey, LoginAnswer } from '@latchkey/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT, signUp, startTestServer, type TestServer, UNUSED_KEY_FIELDS } from './harness.js';

/** What Latchkey adds to a key nobody has used yet, without expiry or scopes (App Services' clients ignore it). */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const keys = `${CLIENT}/auth/api_keys`;

async function createKey(refreshToken: string, name: string) {
  const response = await server.request('POST', keys, { token: refreshToken, body: { name } });
  expect(response.status).toBe(201);
  return response.body as { _id: string; key: string; name: string; disabled: boolean };
}

describe('a user can only reach their own keys', () => {
  it("answers 404 for every operation on another user's key, and leaves that key untouched", async () => {
    const appId = await server.createApp();
    const owner = await signUp(server, appId);
    const intruder = await signUp(server, appId);
    const key = await createKey(owner.refresh_token, 'private');
    for (const [method, path] of [
      ['GET', `${keys}/${key._id}`],
      ['PUT', `${keys}/${key._id}/disable`],
      ['PUT', `${keys}/${key._id}/enable`],
      ['DELETE', `${keys}/${key._id}`],
    ] as const) {
      const response = await server.request(method, path, { token: intruder.refresh_token });
      expect({ method, status: response.status, code: response.body.error_code }).toEqual({ method, status: 404, code: 'APIKeyNotFound' });
    }
    expect((await server.request('GET', keys, { token: intruder.refresh_token })).body).toEqual([]);
    expect((await server.request('GET', `${keys}/${key._id}`, { token: owner.refresh_token })).body).toEqual({
      _id: key._id,
      name: 'private',
      disabled: false,
      ...UNUSED_KEY_FIELDS,
    });
    const login = await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/api-key/login`, {
      body: { key: key.key },
    });
    expect(login.status).toBe(200);
  });

  it('a key of one app cannot log in to another app', async () => {
    const first = await server.createApp();
    const second = await server.createApp();
    const owner = await signUp(server, first);
    const key = await createKey(owner.refresh_token, 'app-bound');
    const response = await server.request<LoginAnswer>('POST', `${CLIENT}/app/${second}/auth/providers/api-key/login`, {
      body: { key: key.key },
    });
    expect([response.status, response.body.error_code]).toEqual([401, 'AuthError']);
  });

  it("a server key cannot be managed through a user's key routes", async () => {
    const appId = await server.createApp();
    const owner = await signUp(server, appId);
    const serverKey = await server.admin<CreatedApiKey>('POST', `/apps/${appId}/api_keys`, { name: 'backend' });
    const response = await server.request('DELETE', `${keys}/${serverKey.body._id}`, { token: owner.refresh_token });
    expect(response.status).toBe(404);
  });

  it('the admin API refuses a wrong admin token and a user token', async () => {
    const appId = await server.createApp();
    const owner = await signUp(server, appId);
    for (const token of ['wrong-admin-token-123456', owner.access_token, owner.refresh_token]) {
      const response = await server.request('GET', '/api/admin/v1/apps', { token });
      expect([response.status, response.body.error_code]).toEqual([401, 'AuthError']);
    }
    expect((await server.request('GET', '/api/admin/v1/apps')).body.error_code).toBe('MissingAuthReq');
  });
});

describe('invariants under concurrent requests', () => {
  it('never lets one user exceed 20 keys, however many creates race', async () => {
    const appId = await server.createApp();
    const owner = await signUp(server, appId);
    const responses = await Promise.all(
      Array.from({ length: 45 }, (_, i) => server.request('POST', keys, { token: owner.refresh_token, body: { name: `race-${i}` } })),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(20);
    expect(statuses.filter((status) => status === 403)).toHaveLength(25);
    expect((await server.request('GET', keys, { token: owner.refresh_token })).body).toHaveLength(20);
  });

  it('never gives one user two keys with the same name', async () => {
    const appId = await server.createApp();
    const owner = await signUp(server, appId);
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => server.request('POST', keys, { token: owner.refresh_token, body: { name: 'same' } })),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    expect(responses.filter((response) => response.body.error_code === 'APIKeyAlreadyExists')).toHaveLength(11);
  });
});

describe('secrets at rest and in logs', () => {
  it('stores no key secret, refresh token or password anywhere in the store, and logs none', async () => {
    const appId = await server.createApp();
    const owner = await signUp(server, appId);
    const secrets = [owner.refresh_token, owner.password];
    for (let i = 0; i < 3; i++) {
      const key = await createKey(owner.refresh_token, `secret-${i}`);
      const login = await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/api-key/login`, {
        body: { key: key.key },
      });
      secrets.push(key.key, login.body.refresh_token!);
    }
    const serverKey = await server.admin<CreatedApiKey>('POST', `/apps/${appId}/api_keys`, { name: 'svc' });
    secrets.push(serverKey.body.key);
    const contents = await server.storedContents();
    // Proof the dump sees stored data at all: a key's name is stored in the clear.
    expect(contents.some((content) => content.includes('secret-0'))).toBe(true);
    const logs = server.logs.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      // The random part alone (43 characters before the checksum), so a secret stored without
      // its prefix, or a refresh token's secret stored beside its public session id, is found too.
      const body = secret.startsWith('lk') ? secret.slice(-49, -6) : secret;
      for (const content of contents) expect(content.includes(body), 'the store holds a secret').toBe(false);
      expect(logs.includes(body)).toBe(false);
    }
    expect(logs.includes(owner.access_token)).toBe(false);
  });
});
