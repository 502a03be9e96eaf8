import type { CreatedApiKey, LoginAnswer, Profile } from '@latchkey/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, CLIENT, signUp, startTestServer, type TestServer } from './harness.js';

/** The admin API's custom data routes: what it accepts, what it refuses, and whose data it reaches. */
let server: TestServer;
let appId: string;
let user: Awaited<ReturnType<typeof signUp>>;

beforeAll(async () => {
  server = await startTestServer();
  appId = await server.createApp();
  user = await signUp(server, appId);
});
afterAll(() => server.close());

const path = (app: string, userId: string) => `/apps/${app}/users/${userId}/custom_data`;

describe('custom user data in the admin API', () => {
  it('reads back what was set, and answers 404 UserNotFound for a user of no app or of another app', async () => {
    expect((await server.admin('PUT', path(appId, user.user_id), { a: 1 })).status).toBe(204);
    expect((await server.admin('GET', path(appId, user.user_id))).body).toEqual({ a: 1 });
    const otherApp = await server.createApp();
    for (const [app, id] of [
      [otherApp, user.user_id],
      [appId, '0123456789abcdef01234567'],
    ] as const) {
      const answer = await server.admin('PUT', path(app, id), { b: 2 });
      expect([answer.status, answer.body.error_code]).toEqual([404, 'UserNotFound']);
      expect((await server.admin('GET', path(app, id))).status).toBe(404);
    }
    expect((await server.admin('GET', path(appId, user.user_id))).body).toEqual({ a: 1 });
  });

  it('refuses what realm-core could not read or a header could not carry, with InvalidParameter', async () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100; i++) deep = { d: deep };
    for (const body of [[1, 2], 'text', { $date: 1 }, { nested: { list: [{ $oid: 'x' }] } }, { big: 'x'.repeat(16 * 1024) }, deep]) {
      const answer = await server.admin('PUT', path(appId, user.user_id), body);
      expect([answer.status, answer.body.error_code], JSON.stringify(body).slice(0, 60)).toEqual([400, 'InvalidParameter']);
    }
    expect((await server.admin('GET', path(appId, user.user_id))).body).toEqual({ a: 1 });
  });

  it('refuses a body nested 30,000 deep with a coded 400, not a stack overflow', async () => {
    const answer = await server.request('PUT', `/api/admin/v1${path(appId, user.user_id)}`, {
      token: ADMIN_TOKEN,
      rawBody: `{"d":${'['.repeat(30_000)}${']'.repeat(30_000)}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect([answer.status, answer.body.error_code]).toEqual([400, 'InvalidParameter']);
    expect((await server.admin('GET', path(appId, user.user_id))).body).toEqual({ a: 1 });
  });

  it('is refused without the admin token', async () => {
    const answer = await server.request('PUT', `/api/admin/v1${path(appId, user.user_id)}`, {
      token: user.access_token,
      body: { evil: true },
    });
    expect(answer.status).toBe(401);
  });

  it('carries the largest allowed document through login and every authenticated call', async () => {
    const big = { blob: 'y'.repeat(16 * 1024 - 20) };
    expect((await server.admin('PUT', path(appId, user.user_id), big)).status).toBe(204);
    const login = await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/login`, {
      body: { username: user.email, password: user.password },
    });
    expect(login.status).toBe(200);
    const profile = await server.request<Profile>('GET', `${CLIENT}/auth/profile`, { token: login.body.access_token });
    expect(profile.status).toBe(200);
    const claims = JSON.parse(Buffer.from(login.body.access_token.split('.')[1]!, 'base64url').toString());
    expect(claims.user_data).toEqual(big);
  });

  it('reaches the next API-key login of a key that logged in just before (its lookup is cached)', async () => {
    const key = await server.request<CreatedApiKey>('POST', `${CLIENT}/auth/api_keys`, {
      token: user.refresh_token,
      body: { name: 'cached' },
    });
    const keyLogin = async () => {
      const login = await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/api-key/login`, {
        body: { key: key.body.key },
      });
      expect(login.status).toBe(200);
      return JSON.parse(Buffer.from(login.body.access_token.split('.')[1]!, 'base64url').toString()).user_data;
    };
    expect((await server.admin('PUT', path(appId, user.user_id), { plan: 'free' })).status).toBe(204);
    expect(await keyLogin()).toEqual({ plan: 'free' });
    expect(await keyLogin()).toEqual({ plan: 'free' });
    expect((await server.admin('PUT', path(appId, user.user_id), { plan: 'pro' })).status).toBe(204);
    expect(await keyLogin()).toEqual({ plan: 'pro' });
  });
});
