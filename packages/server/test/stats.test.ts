import type { AppStats, CreatedApiKey, LoginAnswer } from '@latchkey/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT, signUp, startTestServer, type TestServer } from './harness.js';

/** GET /apps/{app}/stats: the dashboard's numbers, from the real server's own writes. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('app statistics', () => {
  it("counts users, keys and the last hours' logins by provider and outcome", async () => {
    const appId = await server.createApp();
    const ada = await signUp(server, appId);
    const bob = await signUp(server, appId);
    await server.admin('PUT', `/apps/${appId}/users/${bob.user_id}/disable`);
    const key = await server.request<CreatedApiKey>('POST', `${CLIENT}/auth/api_keys`, { token: ada.refresh_token, body: { name: 'cli' } });
    await server.request<CreatedApiKey>('POST', `${CLIENT}/auth/api_keys`, { token: ada.refresh_token, body: { name: 'spare' } });
    await server.admin<CreatedApiKey>('POST', `/apps/${appId}/api_keys`, { name: 'backend' });
    const login = (provider: string, body: unknown) =>
      server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/${provider}/login`, { body });
    expect((await login('api-key', { key: key.body.key })).status).toBe(200);
    expect((await login('api-key', { key: 'lku_wrong' })).status).toBe(401);
    expect((await login('local-userpass', { username: bob.email, password: bob.password })).status).toBe(401);
    await server.request('PUT', `${CLIENT}/auth/api_keys/${key.body._id}/disable`, { token: ada.refresh_token });

    const stats = await server.admin<AppStats>('GET', `/apps/${appId}/stats?hours=2`);
    expect(stats.status).toBe(200);
    const { logins, since, ...counts } = stats.body as {
      logins: { hour: string; provider: string; outcome: string; count: number }[];
      since: string;
    };
    expect(counts).toEqual({
      users: { total: 2, disabled: 1, server_users: 1 },
      user_keys: { total: 2, active: 1 },
      server_keys: { total: 1, active: 1 },
    });
    // Two hours, this one included; summed over hours so that a test run across an hour's end still holds.
    expect(Date.now() - Date.parse(since)).toBeGreaterThanOrEqual(3_600_000);
    expect(logins.every((login) => Date.parse(login.hour) >= Date.parse(since) && login.hour.endsWith(':00:00.000Z'))).toBe(true);
    const totals: Record<string, number> = {};
    for (const login of logins)
      totals[`${login.provider} ${login.outcome}`] = (totals[`${login.provider} ${login.outcome}`] ?? 0) + login.count;
    expect(totals).toEqual({ 'api-key failed': 1, 'api-key succeeded': 1, 'local-userpass failed': 1, 'local-userpass succeeded': 2 });
    expect((await server.admin<AppStats>('GET', `/apps/${appId}/stats?hours=0`)).status).toBe(400);
    expect((await server.admin('GET', `/apps/no-such-app/stats`)).status).toBe(404);
  });
});
