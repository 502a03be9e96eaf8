import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newObjectId } from '../../crypto/ids.js';
import type { Session } from '../../model/sessions.js';
import { shuffled, type StoreFixture } from './fixture.js';

/** The store suite: sessions. */
export function sessionsSuite(fx: StoreFixture): void {
  const { key, session, newUser, owner, now } = fx;
  describe('sessions', () => {
    it('finds a session by id, and deletes it', async () => {
      const u = await newUser();
      const s = session(u.id);
      await fx.insertSession(s);
      expect(await fx.store.findSessionById(s.id)).toEqual(s);
      expect(await fx.store.deleteSession(s.id)).toBe(true);
      expect(await fx.store.findSessionById(s.id)).toBeNull();
      expect(await fx.store.deleteSession(s.id)).toBe(false);
    });

    it('inserts the sessions of concurrent logins, each under its own conditions, and keeps them as written', async () => {
      const [u, off] = [await newUser(), await newUser()];
      await fx.store.setUserDisabled(fx.app.id, off.id, true);
      const [k, rotated] = [key(u.id, 'batch-a'), key(u.id, 'batch-b')];
      for (const each of [k, rotated]) await fx.store.insertUserKeyIfUnderLimit(each, 20);
      await fx.store.rotateKey(owner(u), rotated.id, randomBytes(32), now + 1000);
      const plain = { ...session(u.id), scopes: ['read'] };
      const attempts: [Session, Buffer | null, boolean][] = [
        [plain, null, true],
        [session(off.id), null, false],
        [session(u.id, k.id), k.secretHash, true],
        [session(u.id, k.id), randomBytes(32), false],
        [session(u.id, rotated.id, now + 1000), rotated.secretHash, true],
        [session(u.id, rotated.id, now + 5000), rotated.secretHash, false],
        [session(newObjectId()), null, false],
      ];
      const answers = await Promise.all(attempts.map(([s, hash]) => fx.store.insertSession(s, hash)));
      expect(answers).toEqual(attempts.map(([, , expected]) => expected));
      expect(await fx.store.findSessionById(plain.id)).toEqual(plain);
      for (const [s, , expected] of attempts) expect((await fx.store.findSessionById(s.id)) !== null).toBe(expected);
    });

    it('refuses a session for a disabled or deleted key, or a deleted user', async () => {
      const u = await newUser();
      const k = key(u.id, 'k');
      await fx.store.insertUserKeyIfUnderLimit(k, 20);
      expect(await fx.insertSession(session(u.id, k.id))).toBe(true);
      await fx.store.setKeyDisabled(owner(u), k.id, true);
      expect(await fx.insertSession(session(u.id, k.id))).toBe(false);
      await fx.store.deleteKey(owner(u), k.id);
      expect(await fx.insertSession(session(u.id, k.id))).toBe(false);
      await fx.store.deleteUser(fx.app.id, u.id);
      expect(await fx.insertSession(session(u.id))).toBe(false);
    });

    it('never leaves a live session behind a revocation that races the logins', async () => {
      // On PostgreSQL the logins and the revocations run on different pooled connections, so
      // their statements interleave; every session that survives must belong to a key and a
      // user that are still usable by it. (Checked to fail with the revocations' row lock removed.)
      for (let round = 0; round < 12; round++) {
        const [u, gone] = [await newUser(), await newUser()];
        const [disabled, rotated, kept, ofGone] = [key(u.id, 'off'), key(u.id, 'rot'), key(u.id, 'kept'), key(gone.id, 'x')];
        for (const each of [disabled, rotated, kept, ofGone]) await fx.store.insertUserKeyIfUnderLimit(each, 20);
        const attempts = shuffled([
          ...[disabled, rotated, kept, ofGone].flatMap((k) => Array.from({ length: 6 }, () => session(k.userId, k.id))),
          ...Array.from({ length: 6 }, () => session(gone.id)),
        ]);
        const half = attempts.length / 2;
        const logins = attempts.slice(0, half).map((s) => fx.insertSession(s));
        const revocations = [
          fx.store.setKeyDisabled(owner(u), disabled.id, true),
          fx.store.rotateKey(owner(u), rotated.id, randomBytes(32), null),
          fx.store.setUserDisabled(fx.app.id, gone.id, true),
        ];
        logins.push(...attempts.slice(half).map((s) => fx.insertSession(s)));
        await Promise.all([...logins, ...revocations]);
        const survivors = (await Promise.all(attempts.map((s) => fx.store.findSessionById(s.id)))).filter((s) => s !== null);
        expect(survivors.map((s) => s.keyId ?? 'password').filter((id) => id !== kept.id)).toEqual([]);
      }
    });

    it('inserts many concurrent sessions, each findable', async () => {
      const u = await newUser();
      const sessions = Array.from({ length: 50 }, () => session(u.id));
      expect(await Promise.all(sessions.map((s) => fx.insertSession(s)))).toEqual(sessions.map(() => true));
      for (const s of sessions) expect(await fx.store.findSessionById(s.id)).toEqual(s);
    });

    it('sweeps expired sessions only', async () => {
      const u = await newUser();
      const expired = session(u.id, null, now - 1);
      const live = session(u.id, null, now + 60_000);
      await fx.insertSession(expired);
      await fx.insertSession(live);
      expect(await fx.store.deleteExpiredSessions(now, 10)).toBe(1);
      expect(await fx.store.findSessionById(live.id)).not.toBeNull();
      expect(await fx.store.findSessionById(expired.id)).toBeNull();
    });

    it('sweeps expired sessions a batch at a time, the longest expired first', async () => {
      const u = await newUser();
      const expired = [3, 1, 2].map((ago) => session(u.id, null, now - ago * 1000));
      for (const s of expired) await fx.insertSession(s);
      expect(await fx.store.deleteExpiredSessions(now, 2)).toBe(2);
      expect(await fx.store.findSessionById(expired[2]!.id)).toBeNull();
      expect(await fx.store.findSessionById(expired[1]!.id)).not.toBeNull();
      expect(await fx.store.deleteExpiredSessions(now, 2)).toBe(1);
      expect(await fx.store.deleteExpiredSessions(now, 2)).toBe(0);
    });
  });
}
