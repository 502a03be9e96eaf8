import { describe, expect, it } from 'vitest';
import type { StoreFixture } from './fixture.js';

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
      expect(await fx.store.deleteExpiredSessions(now)).toBe(1);
      expect(await fx.store.findSessionById(live.id)).not.toBeNull();
    });
  });
}
