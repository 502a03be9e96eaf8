import type { LoginAnswer } from '@latchkey/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT, startTestServer, type TestServer } from './harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ passwordRateLimit: 5, env: { LATCHKEY_ANONYMOUS_RATE_LIMIT: '3' } });
});
afterAll(() => server.close());

describe('password rate limit', () => {
  it('refuses password logins past the per-IP limit with a coded 429, but never limits API-key logins', async () => {
    const appId = await server.createApp();
    const login = () =>
      server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/login`, {
        body: { username: 'nobody@example.com', password: 'wrong-password' },
      });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await login()).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const limited = await login();
    expect(limited.body.error_code).toBe('TooManyRequests');
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    for (let i = 0; i < 10; i++) {
      const keyLogin = await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/api-key/login`, {
        body: { key: 'lku_nope' },
      });
      expect(keyLogin.status).toBe(401);
    }
  });
});

describe('anonymous rate limit', () => {
  it('refuses anonymous logins past the per-IP limit: each one would make a permanent user', async () => {
    const appId = await server.createApp();
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        (await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/anon-user/login`, { body: {} })).status,
      );
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
