import type { App, AuditEvent, CreatedApiKey, LoginAnswer, WebhookSecret } from '@latchkey/protocol';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, CLIENT, startTestServer, type TestServer } from './harness.js';

/** The audit log: who did what, when, from where, with no secret in it. */
let server: TestServer;
let offset = 0;
const DAY = 24 * 60 * 60 * 1000;
beforeAll(async () => {
  server = await startTestServer({ clock: { now: () => Date.now() + offset } });
});
afterAll(() => server.close());

interface Event {
  _id: string;
  type: string;
  at: string;
  actor: string;
  user_id: string | null;
  key_id: string | null;
  ip: string | null;
  user_agent: string | null;
  detail: Record<string, unknown>;
}

const PASSWORD = 'audited-password-1';
const AGENT = 'audit-test/1.0 (latchkey)';
const USERPASS = (appId: string) => `${CLIENT}/app/${appId}/auth/providers/local-userpass`;
const asClient = (options: { token?: string | null; body?: unknown } = {}) => ({ ...options, headers: { 'user-agent': AGENT } });
const events = async (appId: string, query = ''): Promise<Event[]> => {
  const answer = await server.admin<Event[]>('GET', `/apps/${appId}/audit${query}`);
  expect(answer.status).toBe(200);
  return answer.body;
};
const ofType = (list: Event[], type: string) => list.filter((event) => event.type === type);

/** Drives one of everything through the API, returning every secret it saw. */
async function aDayInTheLife(appId: string) {
  const email = `audit-${Date.now().toString(36)}@example.com`;
  await server.request('POST', `${USERPASS(appId)}/register`, asClient({ body: { email, password: PASSWORD } }));
  const login = await server.request<LoginAnswer>(
    'POST',
    `${USERPASS(appId)}/login`,
    asClient({ body: { username: email, password: PASSWORD } }),
  );
  const userId = login.body.user_id;
  await server.request<LoginAnswer>(
    'POST',
    `${USERPASS(appId)}/login`,
    asClient({ body: { username: email, password: 'not-the-password' } }),
  );
  const key = await server.request<CreatedApiKey>(
    'POST',
    `${CLIENT}/auth/api_keys`,
    asClient({ token: login.body.refresh_token, body: { name: 'phone' } }),
  );
  const keyLogin = await server.request<LoginAnswer>(
    'POST',
    `${CLIENT}/app/${appId}/auth/providers/api-key/login`,
    asClient({ body: { key: key.body.key } }),
  );
  await server.request('PUT', `${CLIENT}/auth/api_keys/${key.body._id}/disable`, asClient({ token: login.body.refresh_token }));
  await server.request<LoginAnswer>(
    'POST',
    `${CLIENT}/app/${appId}/auth/providers/api-key/login`,
    asClient({ body: { key: key.body.key } }),
  );
  await server.request('PUT', `${CLIENT}/auth/api_keys/${key.body._id}/enable`, asClient({ token: login.body.refresh_token }));
  await server.admin('DELETE', `/apps/${appId}/users/${userId}/api_keys/${key.body._id}`);
  await server.admin('PUT', `/apps/${appId}/users/${userId}/disable`);
  await server.admin('PUT', `/apps/${appId}/users/${userId}/enable`);
  const second = await server.request<LoginAnswer>(
    'POST',
    `${USERPASS(appId)}/login`,
    asClient({ body: { username: email, password: PASSWORD } }),
  );
  await server.request('DELETE', `${CLIENT}/auth/session`, asClient({ token: second.body.refresh_token }));
  await server.admin('PUT', `/apps/${appId}/users/${userId}/logout`);
  await server.admin('PUT', `/apps/${appId}/users/${userId}/custom_data`, { plan: 'pro' });
  await server.admin<App>('PATCH', `/apps/${appId}`, { settings: { maxUserApiKeys: 5 } });
  const serverKey = await server.admin<CreatedApiKey>('POST', `/apps/${appId}/api_keys`, { name: 'backend' });
  const webhook = await server.admin<WebhookSecret>('POST', `/apps/${appId}/webhook_secret`);
  const anonymous = await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/anon-user/login`, asClient());
  await server.request('DELETE', `${CLIENT}/auth/delete`, asClient({ token: anonymous.body.access_token }));
  const secrets = [
    PASSWORD,
    'not-the-password',
    ADMIN_TOKEN,
    key.body.key,
    serverKey.body.key,
    webhook.body.secret,
    ...[login, keyLogin, second, anonymous].flatMap((answer) => [answer.body.access_token, answer.body.refresh_token]),
  ] as string[];
  return {
    email,
    userId,
    keyId: key.body._id,
    serverKeyId: serverKey.body._id,
    anonymousId: anonymous.body.user_id,
    secrets,
  };
}

describe('the audit log', () => {
  it('records each action with its actor, subject, address and user agent', async () => {
    const appId = await server.createApp();
    const life = await aDayInTheLife(appId);
    const log = await events(appId, '?limit=1000');
    const types = log.map((event) => event.type);
    expect(types.at(-1)).toBe('app.created');
    expect(log.map((event) => event._id)).toEqual([...log.map((event) => event._id)].sort().reverse());

    const [registered] = ofType(log, 'user.registered');
    expect(registered).toMatchObject({
      actor: 'anonymous',
      ip: '127.0.0.1',
      user_agent: AGENT,
      detail: { email: life.email, confirmed: true },
    });
    const succeeded = ofType(log, 'login.succeeded');
    expect(succeeded.map((event) => [event.detail['provider'], event.key_id])).toEqual([
      ['anon-user', null],
      ['local-userpass', null],
      ['api-key', life.keyId],
      ['local-userpass', null],
    ]);
    expect(succeeded[1]).toMatchObject({ actor: `user:${life.userId}`, user_id: life.userId, ip: '127.0.0.1', user_agent: AGENT });
    const failed = ofType(log, 'login.failed');
    expect(failed.map((event) => [event.detail['provider'], event.detail['code'], event.user_id, event.key_id])).toEqual([
      ['api-key', 'AuthError', life.userId, life.keyId],
      ['local-userpass', 'InvalidPassword', life.userId, null],
    ]);
    expect(failed.every((event) => event.actor === 'anonymous')).toBe(true);

    const keyEvents = log.filter((event) => event.key_id === life.keyId && event.type.startsWith('key.'));
    expect(keyEvents.map((event) => [event.type, event.actor])).toEqual([
      ['key.deleted', 'admin'],
      ['key.enabled', `user:${life.userId}`],
      ['key.disabled', `user:${life.userId}`],
      ['key.created', `user:${life.userId}`],
    ]);
    expect(ofType(log, 'key.created').find((event) => event.key_id === life.serverKeyId)).toMatchObject({
      actor: 'admin',
      detail: { kind: 'server', name: 'backend' },
    });
    expect(ofType(log, 'sessions.revoked').map((event) => [event.actor, event.detail['reason']])).toEqual([
      ['admin', 'operator'],
      [`user:${life.userId}`, 'logout'],
    ]);
    expect(ofType(log, 'user.disabled')[0]).toMatchObject({ actor: 'admin', user_id: life.userId });
    expect(ofType(log, 'user.enabled')[0]).toMatchObject({ actor: 'admin', user_id: life.userId });
    expect(ofType(log, 'user.deleted')[0]).toMatchObject({ actor: `user:${life.anonymousId}`, user_id: life.anonymousId });
    expect(ofType(log, 'custom_data.changed')[0]).toMatchObject({ actor: 'admin', user_id: life.userId });
    expect(ofType(log, 'app.settings_changed')[0]).toMatchObject({ actor: 'admin', detail: { changed: ['maxUserApiKeys'] } });
    expect(ofType(log, 'app.webhook_secret_rotated')).toHaveLength(1);
  });

  it('filters by type, user, key and time, and pages with after', async () => {
    const appId = await server.createApp();
    const life = await aDayInTheLife(appId);
    const all = await events(appId, '?limit=1000');
    expect((await events(appId, '?type=login.failed')).map((event) => event._id)).toEqual(
      ofType(all, 'login.failed').map((event) => event._id),
    );
    const byUser = await events(appId, `?user_id=${life.userId}&limit=1000`);
    expect(byUser.length).toBeGreaterThan(5);
    expect(byUser.every((event) => event.user_id === life.userId)).toBe(true);
    expect((await events(appId, `?key_id=${life.keyId}`)).every((event) => event.key_id === life.keyId)).toBe(true);

    const pages: Event[] = [];
    for (let page = await events(appId, '?limit=4'); page.length > 0; page = await events(appId, `?limit=4&after=${page.at(-1)!._id}`)) {
      pages.push(...page);
    }
    expect(pages.map((event) => event._id)).toEqual(all.map((event) => event._id));

    const middle = all[Math.floor(all.length / 2)]!;
    const since = await events(appId, `?since=${encodeURIComponent(middle.at)}&limit=1000`);
    expect(since.every((event) => event.at >= middle.at)).toBe(true);
    const until = await events(appId, `?until=${encodeURIComponent(middle.at)}&limit=1000`);
    expect(until.every((event) => event.at < middle.at)).toBe(true);
    expect(since.length + until.length).toBe(all.length);
  });

  it('refuses bad filters with coded 400s', async () => {
    const appId = await server.createApp();
    for (const query of ['type=user.hacked', 'since=yesterday', 'user_id=1', 'limit=5000', 'after=zz']) {
      const refused = await server.admin<AuditEvent[]>('GET', `/apps/${appId}/audit?${query}`);
      expect([query, refused.status, refused.body.error_code]).toEqual([query, 400, 'InvalidParameter']);
    }
  });

  it('holds no secret: no password, key, token or hash of one', async () => {
    const appId = await server.createApp();
    const { secrets } = await aDayInTheLife(appId);
    await events(appId);
    const app = await server.latchkey.store.findAppByClientId(appId);
    const stored = JSON.stringify(await server.latchkey.store.listAuditEvents(app!.id, { limit: 10_000 }));
    expect(stored.length).toBeGreaterThan(1000);
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(5);
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(createHash('sha256').update(secret).digest('hex'));
      expect(stored).not.toContain(createHash('sha256').update(secret).digest('base64'));
    }
  });

  it("keeps each app's events for its auditRetentionDays, and none for an app that sets 0", async () => {
    const shortLived = await server.createApp({ auditRetentionDays: 1 });
    const longLived = await server.createApp();
    const unaudited = await server.createApp({ auditRetentionDays: 0 });
    for (const appId of [shortLived, longLived, unaudited]) {
      await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/anon-user/login`);
    }
    expect((await events(shortLived)).length).toBeGreaterThan(0);
    expect(await events(unaudited)).toEqual([]);
    offset += 2 * DAY;
    try {
      const swept = await server.latchkey.maintenance();
      expect(swept.auditEvents).toBeGreaterThanOrEqual(2);
      expect(await events(shortLived)).toEqual([]);
      expect((await events(longLived)).map((event) => event.type)).toEqual(['login.succeeded', 'app.created']);
    } finally {
      offset -= 2 * DAY;
    }
  });
});
