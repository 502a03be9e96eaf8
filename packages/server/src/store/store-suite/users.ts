import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { newObjectId } from '../../crypto/ids.js';
import type { StoreFixture } from './fixture.js';

/** The store suite: users and identities. */
export function usersSuite(fx: StoreFixture): void {
  const { user, identity, key, session, newUser, now } = fx;
  describe('identities and users', () => {
    it('keeps emails unique per app', async () => {
      expect(await fx.store.insertPasswordIdentity(identity(null, 'a@example.com'))).toBe('inserted');
      expect(await fx.store.insertPasswordIdentity(identity(null, 'a@example.com'))).toBe('duplicate');
    });

    it('gives an ownerless identity exactly one user, even when claimed concurrently', async () => {
      const registered = identity(null, 'claim@example.com');
      await fx.store.insertPasswordIdentity(registered);
      const owners = await Promise.all([fx.store.claimIdentity(registered.id, user()), fx.store.claimIdentity(registered.id, user())]);
      expect(owners[0]).toBe(owners[1]);
      expect((await fx.store.findPasswordIdentity(fx.app.id, 'claim@example.com'))?.userId).toBe(owners[0]);
    });

    it('links an ownerless identity, but never one that belongs to someone else', async () => {
      const first = await newUser();
      const second = await newUser();
      const registered = identity(null, 'link@example.com');
      await fx.store.insertPasswordIdentity(registered);
      expect(await fx.store.linkIdentity(registered.id, first.id)).toBe(true);
      expect(await fx.store.linkIdentity(registered.id, first.id)).toBe(true);
      expect(await fx.store.linkIdentity(registered.id, second.id)).toBe(false);
      expect((await fx.store.listIdentities(first.id)).map((i) => i.providerType).sort()).toEqual(['anon-user', 'local-userpass']);
    });

    it("keeps a user's custom data as JSON, replaced whole, only within their app", async () => {
      const u = await newUser();
      expect((await fx.store.findUser(fx.app.id, u.id))?.customData).toEqual({});
      const data = { plan: 'pro', seats: 3, ratio: 0.5, tags: ['a', 'b'], nested: { deep: [{ x: null }] }, ünï: 'cödé' };
      expect(await fx.store.updateCustomUserData(fx.app.id, u.id, data)).toBe(true);
      expect((await fx.store.findUser(fx.app.id, u.id))?.customData).toEqual(data);
      expect(await fx.store.updateCustomUserData(fx.app.id, u.id, { only: true })).toBe(true);
      expect((await fx.store.findUser(fx.app.id, u.id))?.customData).toEqual({ only: true });
      expect(await fx.store.updateCustomUserData(newObjectId(), u.id, { other: 'app' })).toBe(false);
      expect(await fx.store.updateCustomUserData(fx.app.id, newObjectId(), { no: 'user' })).toBe(false);
      expect((await fx.store.findUser(fx.app.id, u.id))?.customData).toEqual({ only: true });
    });

    it('announces a custom data change to subscribers', async () => {
      const u = await newUser();
      const heard: string[] = [];
      const unsubscribe = fx.store.subscribe((change) => heard.push(JSON.stringify(change)));
      await fx.store.updateCustomUserData(fx.app.id, u.id, { a: 1 });
      unsubscribe();
      expect(heard).toContain(JSON.stringify({ kind: 'user', userId: u.id }));
    });

    it('finds a key with the user it logs in as, custom data included', async () => {
      const u = await newUser();
      await fx.store.updateCustomUserData(fx.app.id, u.id, { team: 'blue' });
      const k = key(u.id, 'login');
      expect(await fx.store.insertUserKeyIfUnderLimit(k, 20)).toBe('inserted');
      expect(await fx.store.findKeyAndOwnerByHash(k.secretHash)).toEqual({
        key: k,
        owner: { ...u, customData: { team: 'blue' } },
        previous: false,
      });
      expect(await fx.store.findKeyAndOwnerByHash(randomBytes(32))).toBeNull();
    });

    it('deletes only anonymous users nobody can reach again: old, all-anonymous, no live session', async () => {
      const old = now - 10_000;
      const anonymous = async (createdAt: number, linkEmail = false) => {
        const created = { ...user(), createdAt };
        await fx.store.insertUserWithIdentity(created, { ...identity(created.id), createdAt });
        if (linkEmail) {
          const email = identity(null, `${created.id}@example.com`);
          await fx.store.insertPasswordIdentity(email);
          await fx.store.linkIdentity(email.id, created.id);
        }
        return created;
      };
      const abandoned = await anonymous(old);
      const expiredSession = await anonymous(old);
      await fx.insertSession(session(expiredSession.id, null, now - 1));
      const loggedIn = await anonymous(old);
      await fx.insertSession(session(loggedIn.id, null, now + 1000));
      const linked = await anonymous(old, true);
      const recent = await anonymous(now);
      const server = { ...user('server'), createdAt: old };
      await fx.store.insertUserWithIdentity(server, { ...identity(server.id), providerType: 'api-key', createdAt: old });
      expect(await fx.store.deleteAbandonedAnonymousUsers(fx.app.id, now - 1000, now, 1)).toBe(1);
      expect(await fx.store.deleteAbandonedAnonymousUsers(fx.app.id, now - 1000, now, 100)).toBe(1);
      expect(await fx.store.deleteAbandonedAnonymousUsers(fx.app.id, now - 1000, now, 100)).toBe(0);
      for (const gone of [abandoned, expiredSession]) expect(await fx.store.findUser(fx.app.id, gone.id)).toBeNull();
      for (const kept of [loggedIn, linked, recent, server]) expect(await fx.store.findUser(fx.app.id, kept.id)).not.toBeNull();
      expect(await fx.store.deleteAbandonedAnonymousUsers(newObjectId(), now + 10_000, now, 100)).toBe(0);
    });

    it('deleting a user removes their identities, keys and sessions', async () => {
      const doomed = await newUser();
      const survivor = await newUser();
      const doomedKey = key(doomed.id, 'k');
      await fx.store.insertUserKeyIfUnderLimit(doomedKey, 20);
      const doomedSession = session(doomed.id, doomedKey.id);
      const survivorSession = session(survivor.id);
      await fx.insertSession(doomedSession);
      await fx.insertSession(survivorSession);
      expect(await fx.store.deleteUser(fx.app.id, doomed.id)).toBe(true);
      expect(await fx.store.findUser(fx.app.id, doomed.id)).toBeNull();
      expect(await fx.store.listIdentities(doomed.id)).toEqual([]);
      expect(await fx.store.findKeyAndOwnerByHash(doomedKey.secretHash)).toBeNull();
      expect(await fx.store.findSessionById(doomedSession.id)).toBeNull();
      expect(await fx.store.findSessionById(survivorSession.id)).toEqual(survivorSession);
      expect(await fx.store.deleteUser(fx.app.id, doomed.id)).toBe(false);
    });
  });
}
