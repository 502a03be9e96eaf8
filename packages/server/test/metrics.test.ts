import type { CreatedApiKey, LoginAnswer, Profile } from '@latchkey/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, CLIENT, startTestServer, type TestServer } from './harness.js';
import { parseExposition, type Exposition } from './prometheus-text.js';

/** GET /metrics: Prometheus text format, counting what happened exactly. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const LOGIN_ROUTE = `${CLIENT}/app/:appId/auth/providers/local-userpass/login`;

async function scrape(target: TestServer = server, token: string | undefined = ADMIN_TOKEN): Promise<Exposition> {
  const answer = await target.request('GET', '/metrics', token ? { token } : {});
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parseExposition(answer.text);
}

describe('GET /metrics', () => {
  it('needs the admin token', async () => {
    const anonymous = await server.request('GET', '/metrics');
    expect([anonymous.status, anonymous.body.error_code]).toEqual([401, 'MissingAuthReq']);
    const wrong = await server.request('GET', '/metrics', { token: 'not-the-admin-token' });
    expect([wrong.status, wrong.body.error_code]).toEqual([401, 'AuthError']);
  });

  it('is open when LATCHKEY_METRICS_PUBLIC=true', async () => {
    const open = await startTestServer({ env: { LATCHKEY_METRICS_PUBLIC: 'true' } });
    try {
      expect((await scrape(open, undefined)).types.get('latchkey_logins_total')).toBe('counter');
    } finally {
      await open.close();
    }
  });

  it('does not exist when LATCHKEY_METRICS=false', async () => {
    const off = await startTestServer({ env: { LATCHKEY_METRICS: 'false' } });
    try {
      const answer = await off.request('GET', '/metrics', { token: ADMIN_TOKEN });
      expect([answer.status, answer.body.error_code]).toEqual([404, 'NotFound']);
    } finally {
      await off.close();
    }
  });

  it('parses as the Prometheus exposition format, with every metric the operator needs', async () => {
    await server.request('GET', '/health');
    const metrics = await scrape();
    expect(Object.fromEntries([...metrics.types].filter(([name]) => name.startsWith('latchkey_')))).toEqual({
      latchkey_http_request_duration_seconds: 'histogram',
      latchkey_logins_total: 'counter',
      latchkey_key_operations_total: 'counter',
      latchkey_cache_lookups_total: 'counter',
      latchkey_store_operation_duration_seconds: 'histogram',
      latchkey_active_sessions: 'gauge',
      latchkey_mail_queue_depth: 'gauge',
      latchkey_change_feed_live: 'gauge',
      latchkey_redis_failures_total: 'counter',
      latchkey_admin_token_refusals_total: 'counter',
    });
    expect(metrics.types.get('process_cpu_seconds_total')).toBe('counter');
    expect(metrics.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(metrics.value('latchkey_change_feed_live')).toBe(1);
    expect(
      metrics.value('latchkey_http_request_duration_seconds_count', { method: 'GET', route: '/health', status: '200' }),
    ).toBeGreaterThanOrEqual(1);
    expect(metrics.value('latchkey_store_operation_duration_seconds_count', { operation: 'listApps' })).toBeGreaterThanOrEqual(1);
  });

  it('counts logins by app, provider and outcome, exactly', async () => {
    const appId = await server.createApp();
    const email = `metrics-${Date.now().toString(36)}@example.com`;
    await server.request('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/register`, {
      body: { email, password: 'metrics-pass' },
    });
    const before = await scrape();
    const login = (password: string) =>
      server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/login`, {
        body: { username: email, password },
      });
    const sessions = [await login('metrics-pass'), await login('metrics-pass'), await login('metrics-pass')];
    await login('wrong-pass');
    await login('wrong-pass');
    await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/anon-user/login`);
    const after = await scrape();

    const logins = (provider: string, outcome: string) => ({ app: appId, provider, outcome });
    expect(after.value('latchkey_logins_total', logins('local-userpass', 'succeeded'))).toBe(3);
    expect(after.value('latchkey_logins_total', logins('local-userpass', 'failed'))).toBe(2);
    expect(after.value('latchkey_logins_total', logins('anon-user', 'succeeded'))).toBe(1);
    const route = (status: string) => ({ method: 'POST', route: LOGIN_ROUTE, status });
    for (const [status, made] of [
      ['200', 3],
      ['401', 2],
    ] as const) {
      const timed =
        after.value('latchkey_http_request_duration_seconds_count', route(status)) -
        before.value('latchkey_http_request_duration_seconds_count', route(status));
      expect(timed).toBe(made);
    }
    expect(after.value('latchkey_active_sessions')).toBeGreaterThanOrEqual(0);
    expect(sessions.every((session) => session.status === 200)).toBe(true);
  });

  it('counts key operations by kind and by whom, and cache lookups by result', async () => {
    const appId = await server.createApp();
    const anonymous = await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/anon-user/login`);
    const email = `keys-${Date.now().toString(36)}@example.com`;
    await server.request('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/register`, {
      body: { email, password: 'metrics-pass' },
    });
    const user = await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/login`, {
      body: { username: email, password: 'metrics-pass' },
    });
    const before = await scrape();
    const key = await server.request<CreatedApiKey>('POST', `${CLIENT}/auth/api_keys`, {
      token: user.body.refresh_token,
      body: { name: 'k1' },
    });
    await server.request('PUT', `${CLIENT}/auth/api_keys/${key.body._id}/disable`, { token: user.body.refresh_token });
    await server.admin('DELETE', `/apps/${appId}/users/${user.body.user_id}/api_keys/${key.body._id}`);
    await server.admin<CreatedApiKey>('POST', `/apps/${appId}/api_keys`, { name: 'backend' });
    for (let i = 0; i < 3; i++) await server.request<Profile>('GET', `${CLIENT}/auth/profile`, { token: anonymous.body.access_token });
    const after = await scrape();

    const ops = (operation: string, kind: string, by: string) =>
      after.value('latchkey_key_operations_total', { app: appId, operation, kind, by });
    expect([
      ops('created', 'user', 'user'),
      ops('disabled', 'user', 'user'),
      ops('deleted', 'user', 'admin'),
      ops('created', 'server', 'admin'),
    ]).toEqual([1, 1, 1, 1]);
    const hits = (result: string) =>
      after.value('latchkey_cache_lookups_total', { cache: 'sessions', result }) -
      before.value('latchkey_cache_lookups_total', { cache: 'sessions', result });
    expect(hits('hit') + hits('miss')).toBeGreaterThanOrEqual(3);
    expect(hits('hit')).toBeGreaterThanOrEqual(2);
  });

  it('labels requests that match no route as unmatched, never by their path', async () => {
    const probe = `/no-such-route-${Date.now().toString(36)}`;
    expect((await server.request('GET', probe)).status).toBe(404);
    const answer = await server.request('GET', '/metrics', { token: ADMIN_TOKEN });
    expect(answer.text).not.toContain(probe);
    expect(
      parseExposition(answer.text).value('latchkey_http_request_duration_seconds_count', {
        method: 'GET',
        route: 'unmatched',
        status: '404',
      }),
    ).toBeGreaterThanOrEqual(1);
  });
});
