import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newObjectId } from '../crypto/ids.js';
import { DEFAULT_APP_SETTINGS, type App } from '../domain/apps.js';
import type { Identity, User } from '../domain/users.js';
import type { ApiKey, KeyOwner } from '../domain/api-keys.js';
import type { Session } from '../domain/sessions.js';
import type { Store } from './store.js';

/**
 * The behaviour every storage adapter must have, run against each adapter (SQLite, and
 * PostgreSQL when it lands). `makeStore` returns an empty, migrated store.
 */
export function testStore(adapterName: string, makeStore: () => Promise<Store>): void {
  describe(`${adapterName} store`, () => {
    let store: Store;
    let app: App;
    const now = 1_800_000_000_000;

    beforeEach(async () => {
      store = await makeStore();
      app = { id: newObjectId(), clientAppId: `app-${newObjectId()}`, name: 'test', settings: DEFAULT_APP_SETTINGS, createdAt: now };
      expect(await store.insertApp(app)).toBe('inserted');
    });
    afterEach(() => store.close());

    const user = (type: User['type'] = 'normal'): User => ({ id: newObjectId(), appId: app.id, type, createdAt: now, customData: {} });
    const identity = (userId: string | null, email: string | null = null): Identity => ({
      id: newObjectId(), appId: app.id, userId, providerType: email ? 'local-userpass' : 'anon-user', email, passwordHash: email ? 'hash' : null, createdAt: now,
    });
    const key = (userId: string, name: string, kind: ApiKey['kind'] = 'user'): ApiKey => ({
      id: newObjectId(), appId: app.id, userId, kind, name, secretHash: randomBytes(32), disabled: false, createdAt: now,
    });
    const session = (userId: string, keyId: string | null = null, expiresAt = now + 1000): Session => ({
      id: newObjectId(), appId: app.id, userId, keyId, refreshHash: randomBytes(32), deviceId: newObjectId(), createdAt: now, expiresAt,
    });
    async function newUser(): Promise<User> {
      const created = user();
      await store.insertUserWithIdentity(created, identity(created.id));
      return created;
    }
    const owner = (u: User): KeyOwner => ({ kind: 'user', userId: u.id });

    describe('server secrets', () => {
      it('keeps the first value written under a name, even when writers race', async () => {
        const results = await Promise.all(['a', 'b', 'c'].map((value) => store.insertServerSecretIfAbsent('secret', value)));
        expect(new Set(results).size).toBe(1);
        expect(await store.insertServerSecretIfAbsent('secret', 'later')).toBe(results[0]);
        expect(await store.insertServerSecretIfAbsent('other', 'x')).toBe('x');
      });
    });

    describe('apps', () => {
      it('refuses a second app with the same client app id', async () => {
        expect(await store.insertApp({ ...app, id: newObjectId() })).toBe('duplicate');
      });

      it('announces app changes to subscribers', async () => {
        const heard: string[] = [];
        const unsubscribe = store.subscribe((change) => heard.push(change.kind));
        await store.updateAppSettings(app.id, { ...app.settings, corsOrigins: ['https://a.example.com'] });
        for (let waited = 0; !heard.includes('apps') && waited < 2000; waited += 10) await new Promise((r) => setTimeout(r, 10));
        unsubscribe();
        expect(heard).toContain('apps');
      });

      it('finds apps by client id and id, and persists settings updates', async () => {
        expect(await store.findAppByClientId(app.clientAppId)).toEqual(app);
        await store.updateAppSettings(app.id, { ...app.settings, maxUserApiKeys: 3 });
        expect((await store.findAppById(app.id))?.settings.maxUserApiKeys).toBe(3);
        expect(await store.findAppByClientId('missing')).toBeNull();
      });
    });

    describe('identities and users', () => {
      it('keeps emails unique per app', async () => {
        expect(await store.insertPasswordIdentity(identity(null, 'a@example.com'))).toBe('inserted');
        expect(await store.insertPasswordIdentity(identity(null, 'a@example.com'))).toBe('duplicate');
      });

      it('gives an ownerless identity exactly one user, even when claimed concurrently', async () => {
        const registered = identity(null, 'claim@example.com');
        await store.insertPasswordIdentity(registered);
        const owners = await Promise.all([store.claimIdentity(registered.id, user()), store.claimIdentity(registered.id, user())]);
        expect(owners[0]).toBe(owners[1]);
        expect((await store.findPasswordIdentity(app.id, 'claim@example.com'))?.userId).toBe(owners[0]);
      });

      it("links an ownerless identity, but never one that belongs to someone else", async () => {
        const first = await newUser();
        const second = await newUser();
        const registered = identity(null, 'link@example.com');
        await store.insertPasswordIdentity(registered);
        expect(await store.linkIdentity(registered.id, first.id)).toBe(true);
        expect(await store.linkIdentity(registered.id, first.id)).toBe(true);
        expect(await store.linkIdentity(registered.id, second.id)).toBe(false);
        expect((await store.listIdentities(first.id)).map((i) => i.providerType).sort()).toEqual(['anon-user', 'local-userpass']);
      });

      it("keeps a user's custom data as JSON, replaced whole, only within their app", async () => {
        const u = await newUser();
        expect((await store.findUser(app.id, u.id))?.customData).toEqual({});
        const data = { plan: 'pro', seats: 3, ratio: 0.5, tags: ['a', 'b'], nested: { deep: [{ x: null }] }, 'ünï': 'cödé' };
        expect(await store.updateCustomUserData(app.id, u.id, data)).toBe(true);
        expect((await store.findUser(app.id, u.id))?.customData).toEqual(data);
        expect(await store.updateCustomUserData(app.id, u.id, { only: true })).toBe(true);
        expect((await store.findUser(app.id, u.id))?.customData).toEqual({ only: true });
        expect(await store.updateCustomUserData(newObjectId(), u.id, { other: 'app' })).toBe(false);
        expect(await store.updateCustomUserData(app.id, newObjectId(), { no: 'user' })).toBe(false);
        expect((await store.findUser(app.id, u.id))?.customData).toEqual({ only: true });
      });

      it('announces a custom data change to subscribers', async () => {
        const u = await newUser();
        const heard: string[] = [];
        const unsubscribe = store.subscribe((change) => heard.push(JSON.stringify(change)));
        await store.updateCustomUserData(app.id, u.id, { a: 1 });
        unsubscribe();
        expect(heard).toContain(JSON.stringify({ kind: 'user', userId: u.id }));
      });

      it('finds a key with the user it logs in as, custom data included', async () => {
        const u = await newUser();
        await store.updateCustomUserData(app.id, u.id, { team: 'blue' });
        const k = key(u.id, 'login');
        expect(await store.insertUserKeyIfUnderLimit(k, 20)).toBe('inserted');
        expect(await store.findKeyAndOwnerByHash(k.secretHash)).toEqual({ key: k, owner: { ...u, customData: { team: 'blue' } } });
        expect(await store.findKeyAndOwnerByHash(randomBytes(32))).toBeNull();
      });

      it('deletes only anonymous users nobody can reach again: old, all-anonymous, no live session', async () => {
        const old = now - 10_000;
        const anonymous = async (createdAt: number, linkEmail = false) => {
          const created = { ...user(), createdAt };
          await store.insertUserWithIdentity(created, { ...identity(created.id), createdAt });
          if (linkEmail) {
            const email = identity(null, `${created.id}@example.com`);
            await store.insertPasswordIdentity(email);
            await store.linkIdentity(email.id, created.id);
          }
          return created;
        };
        const abandoned = await anonymous(old);
        const expiredSession = await anonymous(old);
        await store.insertSession(session(expiredSession.id, null, now - 1));
        const loggedIn = await anonymous(old);
        await store.insertSession(session(loggedIn.id, null, now + 1000));
        const linked = await anonymous(old, true);
        const recent = await anonymous(now);
        const server = { ...user('server'), createdAt: old };
        await store.insertUserWithIdentity(server, { ...identity(server.id), providerType: 'api-key', createdAt: old });
        expect(await store.deleteAbandonedAnonymousUsers(app.id, now - 1000, now, 1)).toBe(1);
        expect(await store.deleteAbandonedAnonymousUsers(app.id, now - 1000, now, 100)).toBe(1);
        expect(await store.deleteAbandonedAnonymousUsers(app.id, now - 1000, now, 100)).toBe(0);
        for (const gone of [abandoned, expiredSession]) expect(await store.findUser(app.id, gone.id)).toBeNull();
        for (const kept of [loggedIn, linked, recent, server]) expect(await store.findUser(app.id, kept.id)).not.toBeNull();
        expect(await store.deleteAbandonedAnonymousUsers(newObjectId(), now + 10_000, now, 100)).toBe(0);
      });

      it('deleting a user removes their identities, keys and sessions', async () => {
        const doomed = await newUser();
        const survivor = await newUser();
        const doomedKey = key(doomed.id, 'k');
        await store.insertUserKeyIfUnderLimit(doomedKey, 20);
        const doomedSession = session(doomed.id, doomedKey.id);
        const survivorSession = session(survivor.id);
        await store.insertSession(doomedSession);
        await store.insertSession(survivorSession);
        expect(await store.deleteUser(app.id, doomed.id)).toBe(true);
        expect(await store.findUser(app.id, doomed.id)).toBeNull();
        expect(await store.listIdentities(doomed.id)).toEqual([]);
        expect(await store.findKeyAndOwnerByHash(doomedKey.secretHash)).toBeNull();
        expect(await store.findSessionById(doomedSession.id)).toBeNull();
        expect(await store.findSessionById(survivorSession.id)).toEqual(survivorSession);
        expect(await store.deleteUser(app.id, doomed.id)).toBe(false);
      });
    });

    describe('sessions', () => {
      it('finds a session by id, and deletes it', async () => {
        const u = await newUser();
        const s = session(u.id);
        await store.insertSession(s);
        expect(await store.findSessionById(s.id)).toEqual(s);
        expect(await store.deleteSession(s.id)).toBe(true);
        expect(await store.findSessionById(s.id)).toBeNull();
        expect(await store.deleteSession(s.id)).toBe(false);
      });

      it('refuses a session for a disabled or deleted key, or a deleted user', async () => {
        const u = await newUser();
        const k = key(u.id, 'k');
        await store.insertUserKeyIfUnderLimit(k, 20);
        expect(await store.insertSession(session(u.id, k.id))).toBe(true);
        await store.setKeyDisabled(owner(u), k.id, true);
        expect(await store.insertSession(session(u.id, k.id))).toBe(false);
        await store.deleteKey(owner(u), k.id);
        expect(await store.insertSession(session(u.id, k.id))).toBe(false);
        await store.deleteUser(app.id, u.id);
        expect(await store.insertSession(session(u.id))).toBe(false);
      });

      it('inserts many concurrent sessions, each findable', async () => {
        const u = await newUser();
        const sessions = Array.from({ length: 50 }, () => session(u.id));
        expect(await Promise.all(sessions.map((s) => store.insertSession(s)))).toEqual(sessions.map(() => true));
        for (const s of sessions) expect(await store.findSessionById(s.id)).toEqual(s);
      });

      it('sweeps expired sessions only', async () => {
        const u = await newUser();
        const expired = session(u.id, null, now - 1);
        const live = session(u.id, null, now + 60_000);
        await store.insertSession(expired);
        await store.insertSession(live);
        expect(await store.deleteExpiredSessions(now)).toBe(1);
        expect(await store.findSessionById(live.id)).not.toBeNull();
      });
    });

    describe('user API keys', () => {
      it('enforces the per-user limit and unique names, even when inserts race', async () => {
        const u = await newUser();
        const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.insertUserKeyIfUnderLimit(key(u.id, `k${i}`), 5)));
        expect(results.filter((r) => r === 'inserted')).toHaveLength(5);
        expect(results.filter((r) => r === 'limit')).toHaveLength(3);
        const other = await newUser();
        const named = await Promise.all(Array.from({ length: 4 }, () => store.insertUserKeyIfUnderLimit(key(other.id, 'same'), 5)));
        expect(named.filter((r) => r === 'inserted')).toHaveLength(1);
        expect(named.filter((r) => r === 'duplicate')).toHaveLength(3);
      });

      it('scopes every lookup and change by owner', async () => {
        const mine = await newUser();
        const theirs = await newUser();
        const k = key(mine.id, 'mine');
        await store.insertUserKeyIfUnderLimit(k, 20);
        expect(await store.findKey(owner(theirs), k.id)).toBeNull();
        expect(await store.setKeyDisabled(owner(theirs), k.id, true)).toBe(false);
        expect(await store.deleteKey(owner(theirs), k.id)).toBe(false);
        expect(await store.findKey({ kind: 'server', appId: app.id }, k.id)).toBeNull();
        expect(await store.listKeys(owner(theirs))).toEqual([]);
        expect(await store.findKey(owner(mine), k.id)).toEqual(k);
        expect(await store.listKeys(owner(mine))).toEqual([k]);
      });

      it('disabling a key revokes the sessions opened with it, and only those', async () => {
        const u = await newUser();
        const k = key(u.id, 'k');
        await store.insertUserKeyIfUnderLimit(k, 20);
        const viaKey = session(u.id, k.id);
        const viaPassword = session(u.id);
        await store.insertSession(viaKey);
        await store.insertSession(viaPassword);
        expect(await store.setKeyDisabled(owner(u), k.id, true)).toBe(true);
        expect((await store.findKeyAndOwnerByHash(k.secretHash))?.key.disabled).toBe(true);
        expect(await store.findSessionById(viaKey.id)).toBeNull();
        expect(await store.findSessionById(viaPassword.id)).not.toBeNull();
        expect(await store.setKeyDisabled(owner(u), k.id, false)).toBe(true);
        expect((await store.findKeyAndOwnerByHash(k.secretHash))?.key.disabled).toBe(false);
      });

      it('deleting a key removes it and its sessions', async () => {
        const u = await newUser();
        const k = key(u.id, 'k');
        await store.insertUserKeyIfUnderLimit(k, 20);
        const viaKey = session(u.id, k.id);
        await store.insertSession(viaKey);
        expect(await store.deleteKey(owner(u), k.id)).toBe(true);
        expect(await store.findKeyAndOwnerByHash(k.secretHash)).toBeNull();
        expect(await store.findSessionById(viaKey.id)).toBeNull();
        expect(await store.findUser(app.id, u.id)).not.toBeNull();
      });
    });

    describe('server API keys', () => {
      it('creates the server user with the key, limits per app, and deletes the user with the key', async () => {
        const serverKeys: KeyOwner = { kind: 'server', appId: app.id };
        const add = (name: string) => {
          const u = user('server');
          const k = key(u.id, name, 'server');
          return { u, k, result: store.insertServerKeyIfUnderLimit(k, u, { ...identity(u.id), id: k.id, providerType: 'api-key' }, 2) };
        };
        const first = add('one');
        expect(await first.result).toBe('inserted');
        expect(await add('one').result).toBe('duplicate');
        expect(await add('two').result).toBe('inserted');
        expect(await add('three').result).toBe('limit');
        expect((await store.findUser(app.id, first.u.id))?.type).toBe('server');
        expect(await store.listKeys(serverKeys)).toHaveLength(2);
        expect(await store.deleteKey(serverKeys, first.k.id)).toBe(true);
        expect(await store.findUser(app.id, first.u.id)).toBeNull();
        expect(await store.listKeys(serverKeys)).toHaveLength(1);
      });
    });
  });
}
