import type { CreatedApiKey, LoginAnswer } from '@latchkey/protocol';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_STORE } from '../src/store/postgres/test-database.js';
import { ADMIN_TOKEN, CLIENT, startTestServer, type TestServer } from './harness.js';
import { parseExposition } from './prometheus-text.js';
import { until } from './nodes.js';
import { Relay } from './tcp-relay.js';

/**
 * Rate limits shared through the real Redis. With CI=true an unreachable Redis fails this file;
 * elsewhere it is skipped, saying so. Redis is independent of the store: the SQLite run covers it.
 */
const REDIS_URL = process.env.LATCHKEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisUnreachable(): Promise<string | null> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return null;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    probe.disconnect();
  }
}

const unreachable = TEST_STORE === 'sqlite' ? await redisUnreachable() : null;
if (unreachable && process.env.CI === 'true') {
  throw new Error(`Redis at ${REDIS_URL} is unreachable (${unreachable}); CI=true requires the Redis tests`);
}
if (unreachable) console.warn(`\n  SKIPPING the Redis tests: ${REDIS_URL} is unreachable (${unreachable}). Set LATCHKEY_TEST_REDIS_URL.\n`);

const login = (server: TestServer, appId: string) =>
  server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/login`, {
    body: { username: 'nobody@example.com', password: 'wrong-password' },
  });

describe.runIf(TEST_STORE === 'sqlite' && !unreachable)('rate limits shared through Redis', () => {
  const prefix = `latchkey-test-${process.pid}-${Date.now()}:`;
  let redis: Redis;
  let nodes: TestServer[] = [];
  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    const env = { REDIS_URL, LATCHKEY_REDIS_PREFIX: prefix };
    nodes = [await startTestServer({ passwordRateLimit: 5, env }), await startTestServer({ passwordRateLimit: 5, env })];
  });
  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.close()));
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('counts password logins across nodes, under the configured prefix', async () => {
    const [a, b] = [nodes[0]!, nodes[1]!];
    const onA = await a.createApp();
    const onB = await b.createApp();
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await login(a, onA)).status);
    for (let i = 0; i < 3; i++) statuses.push((await login(b, onB)).status);
    // Five per minute in all, not five per node.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const refused = await login(a, onA);
    expect([refused.status, refused.body.error_code]).toEqual([429, 'TooManyRequests']);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    const keys = await redis.keys(`${prefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((key) => key.startsWith(`${prefix}rate-limit:`))).toBe(true);
  });
});

describe.runIf(TEST_STORE === 'sqlite' && !unreachable)('when Redis is down', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Nothing listens on port 1: every command fails at once.
    server = await startTestServer({
      passwordRateLimit: 5,
      env: { REDIS_URL: 'redis://127.0.0.1:1', LATCHKEY_ANONYMOUS_RATE_LIMIT: '20' },
    });
  });
  afterAll(() => server.close());

  it('refuses password logins with 429 (fail closed), keeps API-key logins working (fail open), and counts the failures', async () => {
    const appId = await server.createApp();
    const anonymous = await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/anon-user/login`, { body: {} });
    expect(anonymous.status).toBe(429); // anonymous logins are limited too, so refused while limits cannot be counted

    const password = await login(server, appId);
    expect([password.status, password.headers.get('content-type'), password.body.error_code]).toEqual([
      429,
      'application/json',
      'TooManyRequests',
    ]);
    expect(password.headers.get('retry-after')).toBe('5');

    const serverKey = await server.admin<CreatedApiKey>('POST', `/apps/${appId}/api_keys`, { name: 'still-works' });
    const keyLogin = await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/api-key/login`, {
      body: { key: serverKey.body.key },
    });
    expect(keyLogin.status).toBe(200);
    expect((await server.request('GET', '/health')).status).toBe(200);

    const metrics = parseExposition((await server.request('GET', '/metrics', { token: ADMIN_TOKEN })).text);
    expect(metrics.value('latchkey_redis_failures_total')).toBeGreaterThan(0);
    expect(server.logs.join('')).toContain('Redis unreachable');
  });
});

describe.runIf(TEST_STORE === 'sqlite' && !unreachable)('when Redis goes away and comes back', () => {
  let relay: Relay;
  let server: TestServer;
  beforeAll(async () => {
    const target = new URL(REDIS_URL);
    relay = new Relay({ host: target.hostname, port: Number(target.port || 6379) });
    await relay.open();
    server = await startTestServer({
      passwordRateLimit: 1000,
      env: { REDIS_URL: `redis://127.0.0.1:${relay.port}`, LATCHKEY_REDIS_PREFIX: `latchkey-test-relay-${process.pid}-${Date.now()}:` },
    });
  });
  afterAll(async () => {
    await server.close();
    await relay.cut();
  });

  it('refuses rate-limited routes while it is gone, and counts again by itself once it is back', async () => {
    const appId = await server.createApp();
    expect((await login(server, appId)).status).toBe(401);
    await relay.cut();
    const during = await login(server, appId);
    expect([during.status, during.body.error_code]).toEqual([429, 'TooManyRequests']);
    await relay.open();
    await until(async () => (await login(server, appId)).status === 401, 'password logins to be counted in Redis again');
  });
});
