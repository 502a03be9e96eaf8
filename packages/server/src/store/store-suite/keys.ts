import { describe, expect, it } from 'vitest';
import type { KeyOwner } from '../../model/api-keys.js';
import type { StoreFixture } from './fixture.js';

/** The store suite: API keys. */
export function keysSuite(fx: StoreFixture): void {
  const { user, identity, key, session, newUser, owner } = fx;
  describe('user API keys', () => {
    it('enforces the per-user limit and unique names, even when inserts race', async () => {
      const u = await newUser();
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => fx.store.insertUserKeyIfUnderLimit(key(u.id, `k${i}`), 5)));
      expect(results.filter((r) => r === 'inserted')).toHaveLength(5);
      expect(results.filter((r) => r === 'limit')).toHaveLength(3);
      const other = await newUser();
      const named = await Promise.all(Array.from({ length: 4 }, () => fx.store.insertUserKeyIfUnderLimit(key(other.id, 'same'), 5)));
      expect(named.filter((r) => r === 'inserted')).toHaveLength(1);
      expect(named.filter((r) => r === 'duplicate')).toHaveLength(3);
      // Each in a turn of its own: separate batches or transactions, racing each other in the database.
      const third = await newUser();
      const spread: Promise<string>[] = [];
      for (let i = 0; i < 8; i++) {
        spread.push(fx.store.insertUserKeyIfUnderLimit(key(third.id, `s${i}`), 5));
        await new Promise((resolve) => setImmediate(resolve));
      }
      const raced = await Promise.all(spread);
      expect(raced.filter((r) => r === 'inserted')).toHaveLength(5);
      expect(raced.filter((r) => r === 'limit')).toHaveLength(3);
    });

    it("announces a new key to this node's caches before answering, and a refused one not at all", async () => {
      const u = await newUser();
      const heard: string[] = [];
      const unsubscribe = fx.store.subscribe((change) => heard.push(JSON.stringify(change)));
      const change = JSON.stringify({ kind: 'keys', userId: u.id });
      expect(await fx.store.insertUserKeyIfUnderLimit(key(u.id, 'first'), 1)).toBe('inserted');
      // Heard before the call resolves (PostgreSQL's echo of its NOTIFY may repeat it later).
      expect(heard).toContain(change);
      expect(await fx.store.insertUserKeyIfUnderLimit(key(u.id, 'second'), 1)).toBe('limit');
      unsubscribe();
      expect(new Set(heard)).toEqual(new Set([change]));
    });

    it('scopes every lookup and change by owner', async () => {
      const mine = await newUser();
      const theirs = await newUser();
      const k = key(mine.id, 'mine');
      await fx.store.insertUserKeyIfUnderLimit(k, 20);
      expect(await fx.store.findKey(owner(theirs), k.id)).toBeNull();
      expect(await fx.store.setKeyDisabled(owner(theirs), k.id, true)).toBe(false);
      expect(await fx.store.deleteKey(owner(theirs), k.id)).toBe(false);
      expect(await fx.store.findKey({ kind: 'server', appId: fx.app.id }, k.id)).toBeNull();
      expect(await fx.store.listKeys(owner(theirs))).toEqual([]);
      expect(await fx.store.findKey(owner(mine), k.id)).toEqual(k);
      expect(await fx.store.listKeys(owner(mine))).toEqual([k]);
    });

    it('disabling a key revokes the sessions opened with it, and only those', async () => {
      const u = await newUser();
      const k = key(u.id, 'k');
      await fx.store.insertUserKeyIfUnderLimit(k, 20);
      const viaKey = session(u.id, k.id);
      const viaPassword = session(u.id);
      await fx.insertSession(viaKey);
      await fx.insertSession(viaPassword);
      expect(await fx.store.setKeyDisabled(owner(u), k.id, true)).toBe(true);
      expect((await fx.store.findKeyAndOwnerByHash(k.secretHash))?.key.disabled).toBe(true);
      expect(await fx.store.findSessionById(viaKey.id)).toBeNull();
      expect(await fx.store.findSessionById(viaPassword.id)).not.toBeNull();
      expect(await fx.store.setKeyDisabled(owner(u), k.id, false)).toBe(true);
      expect((await fx.store.findKeyAndOwnerByHash(k.secretHash))?.key.disabled).toBe(false);
    });

    it('deleting a key removes it and its sessions', async () => {
      const u = await newUser();
      const k = key(u.id, 'k');
      await fx.store.insertUserKeyIfUnderLimit(k, 20);
      const viaKey = session(u.id, k.id);
      await fx.insertSession(viaKey);
      expect(await fx.store.deleteKey(owner(u), k.id)).toBe(true);
      expect(await fx.store.findKeyAndOwnerByHash(k.secretHash)).toBeNull();
      expect(await fx.store.findSessionById(viaKey.id)).toBeNull();
      expect(await fx.store.findUser(fx.app.id, u.id)).not.toBeNull();
    });
  });

  describe('server API keys', () => {
    it('creates the server user with the key, limits per app, and deletes the user with the key', async () => {
      const serverKeys: KeyOwner = { kind: 'server', appId: fx.app.id };
      const add = (name: string) => {
        const u = user('server');
        const k = key(u.id, name, 'server');
        return { u, k, result: fx.store.insertServerKeyIfUnderLimit(k, u, { ...identity(u.id), id: k.id, providerType: 'api-key' }, 2) };
      };
      const first = add('one');
      expect(await first.result).toBe('inserted');
      expect(await add('one').result).toBe('duplicate');
      expect(await add('two').result).toBe('inserted');
      expect(await add('three').result).toBe('limit');
      expect((await fx.store.findUser(fx.app.id, first.u.id))?.type).toBe('server');
      expect(await fx.store.listKeys(serverKeys)).toHaveLength(2);
      expect(await fx.store.deleteKey(serverKeys, first.k.id)).toBe(true);
      expect(await fx.store.findUser(fx.app.id, first.u.id)).toBeNull();
      expect(await fx.store.listKeys(serverKeys)).toHaveLength(1);
    });
  });
}
