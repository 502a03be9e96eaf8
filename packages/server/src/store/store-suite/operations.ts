import { describe, expect, it } from 'vitest';
import { newObjectId } from '../../crypto/ids.js';
import type { AuditEvent } from '../../model/audit-events.js';
import type { StoreFixture } from './fixture.js';

/** The store suite: what operators do (users listed, disabled, logged out; the audit log; deleting an app). */
export function operationsSuite(fx: StoreFixture): void {
  const { user, identity, key, session, newUser, now } = fx;
  const event = (type: AuditEvent['type'], at: number, subject: Partial<AuditEvent> = {}): AuditEvent => ({
    id: newObjectId(at),
    appId: fx.app.id,
    type,
    at,
    actor: 'admin',
    userId: null,
    keyId: null,
    ip: '203.0.113.9',
    userAgent: 'suite',
    detail: { n: 1 },
    ...subject,
  });

  describe('users as operators see them', () => {
    it('lists newest first with identities and user-key counts, filtered and paged', async () => {
      const anonymous = await newUser();
      const member = user();
      await fx.store.insertUserWithIdentity(member, identity(member.id, 'member@example.com'));
      await fx.store.insertUserKeyIfUnderLimit(key(member.id, 'one'), 20);
      await fx.store.insertUserKeyIfUnderLimit(key(member.id, 'two'), 20);
      const all = await fx.store.listUsers(fx.app.id, { limit: 10 });
      expect(all.map((summary) => summary.user.id)).toEqual([member.id, anonymous.id]);
      expect(all[0]).toMatchObject({ apiKeyCount: 2, identities: [{ email: 'member@example.com' }] });
      expect((await fx.store.listUsers(fx.app.id, { limit: 1, after: member.id })).map((s) => s.user.id)).toEqual([anonymous.id]);
      expect((await fx.store.listUsers(fx.app.id, { limit: 10, email: 'member@example.com' })).map((s) => s.user.id)).toEqual([member.id]);
      expect((await fx.store.listUsers(fx.app.id, { limit: 10, provider: 'anon-user' })).map((s) => s.user.id)).toEqual([anonymous.id]);
      expect(await fx.store.listUsers(fx.app.id, { limit: 10, disabled: true })).toEqual([]);
      expect(await fx.store.listUsers(newObjectId(), { limit: 10 })).toEqual([]);
      expect((await fx.store.findUserSummary(fx.app.id, member.id))?.apiKeyCount).toBe(2);
      expect(await fx.store.findUserSummary(newObjectId(), member.id)).toBeNull();
    });

    it('disabling ends every session, refuses new ones until enabled, and announces it', async () => {
      const u = await newUser();
      const open = session(u.id);
      expect(await fx.insertSession(open)).toBe(true);
      const heard: string[] = [];
      const unsubscribe = fx.store.subscribe((change) => heard.push(JSON.stringify(change)));
      expect(await fx.store.setUserDisabled(newObjectId(), u.id, true)).toBe(false);
      expect(await fx.store.setUserDisabled(fx.app.id, u.id, true)).toBe(true);
      unsubscribe();
      expect(heard).toContain(JSON.stringify({ kind: 'sessions-revoked', userId: u.id }));
      expect(await fx.store.findSessionById(open.id)).toBeNull();
      expect(await fx.insertSession(session(u.id))).toBe(false);
      expect((await fx.store.findUser(fx.app.id, u.id))?.disabled).toBe(true);
      expect((await fx.store.listUsers(fx.app.id, { limit: 10, disabled: true })).map((s) => s.user.id)).toEqual([u.id]);
      expect(await fx.store.setUserDisabled(fx.app.id, u.id, false)).toBe(true);
      expect(await fx.insertSession(session(u.id))).toBe(true);
    });

    it('logs a user out everywhere, only within their app, and counts live sessions', async () => {
      const u = await newUser();
      const other = await newUser();
      for (const owner of [u, u, other]) await fx.insertSession(session(owner.id));
      await fx.insertSession(session(other.id, null, now - 1));
      expect(await fx.store.countLiveSessions(now)).toBe(3);
      expect(await fx.store.deleteSessionsOfUser(newObjectId(), u.id)).toBe(0);
      expect(await fx.store.deleteSessionsOfUser(fx.app.id, u.id)).toBe(2);
      expect(await fx.store.countLiveSessions(now)).toBe(1);
    });

    it('records last logins in batches, never moving a time backwards', async () => {
      const u = await newUser();
      expect((await fx.store.findUser(fx.app.id, u.id))?.lastLoginAt).toBeNull();
      await fx.store.recordLogins([{ userId: u.id, at: now + 50 }]);
      await fx.store.recordLogins([
        { userId: u.id, at: now + 10 },
        { userId: newObjectId(), at: now },
      ]);
      expect((await fx.store.findUser(fx.app.id, u.id))?.lastLoginAt).toBe(now + 50);
    });
  });

  describe('the audit log', () => {
    it('writes a large batch whole, in order', async () => {
      const batch = Array.from({ length: 123 }, (_, i) => event('login.succeeded', now + i * 10, { detail: { i } }));
      await fx.store.insertAuditEvents(batch);
      expect(await fx.store.listAuditEvents(fx.app.id, { limit: 1000 })).toEqual([...batch].reverse());
    });

    it('keeps events as written, lists them newest first with filters, and deletes old ones in batches', async () => {
      const u = await newUser();
      const keyId = newObjectId();
      const written = [
        event('app.created', now),
        event('login.succeeded', now + 1000, { userId: u.id, actor: `user:${u.id}`, detail: { provider: 'anon-user' } }),
        event('key.created', now + 2000, { userId: u.id, keyId, detail: { kind: 'user', name: 'ünï' } }),
        event('login.failed', now + 3000, { ip: null, userAgent: null, detail: { code: 'AuthError' } }),
      ];
      await fx.store.insertAuditEvents(written);
      const all = await fx.store.listAuditEvents(fx.app.id, { limit: 10 });
      expect(all).toEqual([...written].reverse());
      expect(await fx.store.listAuditEvents(fx.app.id, { limit: 10, type: 'key.created' })).toEqual([written[2]]);
      expect((await fx.store.listAuditEvents(fx.app.id, { limit: 10, userId: u.id })).map((e) => e.type)).toEqual([
        'key.created',
        'login.succeeded',
      ]);
      expect(await fx.store.listAuditEvents(fx.app.id, { limit: 10, keyId })).toEqual([written[2]]);
      expect((await fx.store.listAuditEvents(fx.app.id, { limit: 10, since: now + 1000, until: now + 3000 })).length).toBe(2);
      expect(await fx.store.listAuditEvents(fx.app.id, { limit: 2, after: written[2]!.id })).toEqual([written[1], written[0]]);
      expect(await fx.store.listAuditEvents(newObjectId(), { limit: 10 })).toEqual([]);
      expect(await fx.store.deleteAuditEventsBefore(fx.app.id, now + 2500, 2)).toBe(2);
      expect(await fx.store.deleteAuditEventsBefore(fx.app.id, now + 2500, 2)).toBe(1);
      expect((await fx.store.listAuditEvents(fx.app.id, { limit: 10 })).map((e) => e.type)).toEqual(['login.failed']);
    });
  });

  describe('app statistics', () => {
    it('counts users and keys now, and logins by hour, provider and outcome since a time, in one app only', async () => {
      const shared = fx.app;
      fx.app = { ...shared, id: newObjectId(), clientAppId: `stats-${newObjectId()}` };
      try {
        await fx.store.insertApp(fx.app);
        const [active, disabled] = [await newUser(), await newUser(), await newUser()];
        await fx.store.setUserDisabled(fx.app.id, disabled.id, true);
        const server = fx.user('server');
        await fx.store.insertServerKeyIfUnderLimit(key(server.id, 'backend', 'server'), server, identity(server.id), 10);
        const keys = [key(active.id, 'on'), key(active.id, 'off'), { ...key(active.id, 'old'), expiresAt: now - 1 }];
        for (const k of keys) await fx.store.insertUserKeyIfUnderLimit(k, 20);
        await fx.store.setKeyDisabled({ kind: 'user', userId: active.id }, keys[1]!.id, true);

        const hour = Math.floor(now / 3_600_000) * 3_600_000;
        const login = (type: 'login.succeeded' | 'login.failed', at: number, detail: Record<string, unknown>) =>
          event(type, at, { detail });
        await fx.store.insertAuditEvents([
          login('login.succeeded', hour + 5, { provider: 'api-key' }),
          login('login.succeeded', hour + 6, { provider: 'api-key' }),
          login('login.failed', hour + 7, { provider: 'api-key', code: 'AuthError' }),
          login('login.failed', hour + 8, { provider: 'api-key', code: 'UserDisabled' }),
          login('login.succeeded', hour + 9, { provider: 'local-userpass' }),
          login('login.succeeded', hour - 3_600_000 + 1, { provider: 'anon-user' }),
          login('login.succeeded', hour - 30 * 3_600_000, { provider: 'anon-user' }),
          event('key.created', hour + 10),
        ]);
        expect(await fx.store.appStats(fx.app.id, hour - 3_600_000, now)).toEqual({
          users: { total: 3, disabled: 1, serverUsers: 1 },
          userKeys: { total: 3, active: 1 },
          serverKeys: { total: 1, active: 1 },
          logins: [
            { hour: hour - 3_600_000, provider: 'anon-user', outcome: 'succeeded', count: 1 },
            { hour, provider: 'api-key', outcome: 'failed', count: 2 },
            { hour, provider: 'api-key', outcome: 'succeeded', count: 2 },
            { hour, provider: 'local-userpass', outcome: 'succeeded', count: 1 },
          ],
        });
        expect(await fx.store.appStats(newObjectId(), 0, now)).toEqual({
          users: { total: 0, disabled: 0, serverUsers: 0 },
          userKeys: { total: 0, active: 0 },
          serverKeys: { total: 0, active: 0 },
          logins: [],
        });
      } finally {
        fx.app = shared;
      }
    });
  });

  describe('deleting an app', () => {
    it('removes everything in it, leaves other apps whole, and tells every cache to start over', async () => {
      const u = await newUser();
      const k = key(u.id, 'gone');
      await fx.store.insertUserKeyIfUnderLimit(k, 20);
      await fx.insertSession(session(u.id, k.id));
      await fx.store.insertAuditEvents([event('app.created', now)]);
      const other = { ...fx.app, id: newObjectId(), clientAppId: `other-${newObjectId()}` };
      await fx.store.insertApp(other);
      const survivor = { ...user(), appId: other.id };
      await fx.store.insertUserWithIdentity(survivor, { ...identity(survivor.id), appId: other.id });

      const heard: string[] = [];
      const unsubscribe = fx.store.subscribe((change) => heard.push(change.kind));
      expect(await fx.store.deleteApp(fx.app.id)).toBe(true);
      unsubscribe();
      expect(heard).toEqual(expect.arrayContaining(['apps', 'resync']));
      expect(await fx.store.deleteApp(fx.app.id)).toBe(false);
      expect(await fx.store.findAppById(fx.app.id)).toBeNull();
      expect(await fx.store.findUser(fx.app.id, u.id)).toBeNull();
      expect(await fx.store.findKeyAndOwnerByHash(k.secretHash)).toBeNull();
      expect(await fx.store.countLiveSessions(now)).toBe(0);
      expect(await fx.store.listAuditEvents(fx.app.id, { limit: 10 })).toEqual([]);
      expect((await fx.store.findUser(other.id, survivor.id))?.id).toBe(survivor.id);
    });
  });
}
