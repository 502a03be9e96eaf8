import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { StoreFixture } from './fixture.js';

/** The store suite: what keys do beyond App Services (rotation, revocation by secret, last use, scopes and expiry). */
export function keyLifecycleSuite(fx: StoreFixture): void {
  const { key, session, newUser, owner, now } = fx;
  describe('key lifecycle', () => {
    it('keeps expiry and scopes, and records last use without going backwards', async () => {
      const u = await newUser();
      const k = { ...key(u.id, 'scoped'), expiresAt: now + 5000, scopes: ['read', 'write'] };
      await fx.store.insertUserKeyIfUnderLimit(k, 20);
      await fx.store.recordKeyUses([{ keyId: k.id, userId: u.id, at: now + 20 }]);
      await fx.store.recordKeyUses([{ keyId: k.id, userId: u.id, at: now + 10 }]);
      expect(await fx.store.findKey(owner(u), k.id)).toEqual({ ...k, lastUsedAt: now + 20 });
    });

    it('rotation without grace replaces the secret and ends the key’s sessions; a session on the old secret cannot start after', async () => {
      const u = await newUser();
      const k = key(u.id, 'rotate-now');
      await fx.store.insertUserKeyIfUnderLimit(k, 20);
      const before = session(u.id, k.id);
      expect(await fx.insertSession(before)).toBe(true);
      const fresh = randomBytes(32);
      const rotated = await fx.store.rotateKey(owner(u), k.id, fresh, null);
      expect(rotated).toMatchObject({ id: k.id, secretHash: fresh, previousSecretHash: null });
      expect(await fx.store.findSessionById(before.id)).toBeNull();
      expect(await fx.store.findKeyAndOwnerByHash(k.secretHash)).toBeNull();
      expect(await fx.store.insertSession(session(u.id, k.id), k.secretHash)).toBe(false);
      expect(await fx.store.insertSession(session(u.id, k.id), fresh)).toBe(true);
    });

    it('rotation with grace finds the old secret as previous and cuts its sessions to the grace', async () => {
      const u = await newUser();
      const k = key(u.id, 'rotate-later');
      await fx.store.insertUserKeyIfUnderLimit(k, 20);
      const before = session(u.id, k.id, now + 100_000);
      await fx.insertSession(before);
      await fx.store.rotateKey(owner(u), k.id, randomBytes(32), now + 1000);
      expect((await fx.store.findSessionById(before.id))?.expiresAt).toBe(now + 1000);
      const found = await fx.store.findKeyAndOwnerByHash(k.secretHash);
      expect([found?.key.id, found?.previous, found?.key.previousValidUntil]).toEqual([k.id, true, now + 1000]);
      // The old secret opens sessions only within its grace, whatever the login believed about the key.
      expect(await fx.store.insertSession(session(u.id, k.id, now + 1000), k.secretHash)).toBe(true);
      expect(await fx.store.insertSession(session(u.id, k.id, now + 1001), k.secretHash)).toBe(false);
      expect(await fx.store.rotateKey({ kind: 'user', userId: (await newUser()).id }, k.id, randomBytes(32), null)).toBeNull();
    });

    it('revoking a current secret disables its key, a previous one ends its grace; unknown secrets do nothing', async () => {
      const u = await newUser();
      const leaked = key(u.id, 'leaked');
      const rotated = key(u.id, 'rotated');
      for (const k of [leaked, rotated]) await fx.store.insertUserKeyIfUnderLimit(k, 20);
      await fx.store.rotateKey(owner(u), rotated.id, randomBytes(32), now + 60_000);
      const s = session(u.id, leaked.id);
      await fx.insertSession(s);
      const revoked = await fx.store.revokeSecrets([leaked.secretHash, rotated.secretHash, randomBytes(32)]);
      expect(revoked.map((r) => [r.key.id, r.previous])).toEqual([
        [leaked.id, false],
        [rotated.id, true],
      ]);
      expect((await fx.store.findKey(owner(u), leaked.id))?.disabled).toBe(true);
      expect(await fx.store.findSessionById(s.id)).toBeNull();
      const after = await fx.store.findKey(owner(u), rotated.id);
      expect([after?.disabled, after?.previousSecretHash]).toEqual([false, null]);
      expect(await fx.store.revokeSecrets([leaked.secretHash])).toEqual([]);
    });
  });
}
