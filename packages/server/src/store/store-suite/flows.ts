import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newObjectId } from '../../crypto/ids.js';
import type { OutboxMail } from '../../model/mail.js';
import type { UserpassToken } from '../../model/email-tokens.js';
import type { StoreFixture } from './fixture.js';

/** The store suite: confirmation, password reset, their tokens, and the mail queue. */
export function flowsSuite(fx: StoreFixture): void {
  const { identity, session, now } = fx;
  const pending = () => ({ ...identity(null, `p-${newObjectId()}@example.com`), confirmed: false });
  const token = (identityId: string, purpose: UserpassToken['purpose'] = 'confirm'): UserpassToken => ({
    id: newObjectId(),
    appId: fx.app.id,
    identityId,
    purpose,
    tokenHash: randomBytes(32),
    createdAt: now,
    expiresAt: now + 60_000,
  });
  const mail = (identityId: string, overrides: Partial<OutboxMail> = {}): OutboxMail => ({
    id: newObjectId(),
    appId: fx.app.id,
    identityId,
    kind: 'confirm',
    to: 'someone@example.com',
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    failedAt: null,
    createdAt: now,
    ...overrides,
  });

  describe('confirmation and reset', () => {
    it('keeps pending identities apart, lists them newest first, and confirms each once', async () => {
      const [first, second] = [pending(), { ...pending(), createdAt: now + 1 }];
      for (const each of [first, second, identity(null, 'done@example.com')]) await fx.store.insertPasswordIdentity(each);
      expect((await fx.store.listPendingIdentities(fx.app.id, 10)).map((i) => i.id)).toEqual([second.id, first.id]);
      expect(await fx.store.confirmIdentity(first.id)).toBe(true);
      expect(await fx.store.confirmIdentity(first.id)).toBe(false);
      expect((await fx.store.findIdentity(fx.app.id, first.id))?.confirmed).toBe(true);
      expect(await fx.store.findIdentity(newObjectId(), first.id)).toBeNull();
    });

    it('deletes an identity only while it has no user', async () => {
      const lone = pending();
      await fx.store.insertPasswordIdentity(lone);
      const owned = await fx.newUser();
      const ownedIdentity = identity(owned.id, 'owned@example.com');
      await fx.store.insertPasswordIdentity(ownedIdentity);
      expect(await fx.store.deleteOwnerlessIdentity(ownedIdentity.id)).toBe(false);
      expect(await fx.store.deleteOwnerlessIdentity(lone.id)).toBe(true);
      expect(await fx.store.findIdentity(fx.app.id, lone.id)).toBeNull();
    });

    it("sets a new password and ends every session of the identity's user, announcing it", async () => {
      const user = await fx.newUser();
      const email = identity(user.id, 'reset@example.com');
      await fx.store.insertPasswordIdentity(email);
      const sessions = [session(user.id), session(user.id)];
      for (const each of sessions) await fx.insertSession(each);
      const heard: string[] = [];
      const unsubscribe = fx.store.subscribe((change) => heard.push(JSON.stringify(change)));
      expect(await fx.store.setPasswordAndRevokeSessions(email.id, 'new-hash')).toBe(true);
      unsubscribe();
      expect((await fx.store.findIdentity(fx.app.id, email.id))?.passwordHash).toBe('new-hash');
      for (const each of sessions) expect(await fx.store.findSessionById(each.id)).toBeNull();
      expect(heard).toContain(JSON.stringify({ kind: 'sessions-revoked', userId: user.id }));
      expect(await fx.store.setPasswordAndRevokeSessions(newObjectId(), 'x')).toBe(false);
    });

    it('lets an identity be mailed once per interval and kind, however many ask at once', async () => {
      const lone = pending();
      await fx.store.insertPasswordIdentity(lone);
      const answers = await Promise.all(Array.from({ length: 5 }, () => fx.store.markMailed(lone.id, 'confirm', now, 60_000)));
      expect(answers.filter(Boolean)).toHaveLength(1);
      expect(await fx.store.markMailed(lone.id, 'confirm', now + 59_999, 60_000)).toBe(false);
      expect(await fx.store.markMailed(lone.id, 'reset', now + 1, 60_000)).toBe(true);
      expect(await fx.store.markMailed(lone.id, 'confirm', now + 60_000, 60_000)).toBe(true);
    });
  });

  describe('tokens', () => {
    it('finds a token by id, and lets exactly one of many racing uses consume it', async () => {
      const lone = pending();
      await fx.store.insertPasswordIdentity(lone);
      const issued = token(lone.id);
      await fx.store.insertUserpassToken(issued);
      expect(await fx.store.findUserpassToken(issued.id)).toEqual(issued);
      const uses = await Promise.all(Array.from({ length: 5 }, () => fx.store.consumeUserpassToken(issued.id)));
      expect(uses.filter(Boolean)).toHaveLength(1);
      expect(await fx.store.findUserpassToken(issued.id)).toBeNull();
    });

    it("deletes an identity's tokens of one purpose, and expired tokens", async () => {
      const lone = pending();
      await fx.store.insertPasswordIdentity(lone);
      const [confirm, reset, old] = [token(lone.id), token(lone.id, 'reset'), { ...token(lone.id, 'reset'), expiresAt: now - 1 }];
      for (const each of [confirm, reset, old]) await fx.store.insertUserpassToken(each);
      await fx.store.deleteUserpassTokens(lone.id, 'confirm');
      expect(await fx.store.findUserpassToken(confirm.id)).toBeNull();
      expect(await fx.store.deleteExpiredUserpassTokens(now)).toBe(1);
      expect(await fx.store.findUserpassToken(reset.id)).not.toBeNull();
    });
  });

  describe('the mail queue', () => {
    it('leases due mail to one claimer at a time, until the lease runs out', async () => {
      const lone = pending();
      await fx.store.insertPasswordIdentity(lone);
      const due = mail(lone.id);
      const later = mail(lone.id, { nextAttemptAt: now + 10_000 });
      for (const each of [due, later]) await fx.store.enqueueMail(each);
      const claims = await Promise.all([fx.store.claimDueMail(now, now + 1000, 10), fx.store.claimDueMail(now, now + 1000, 10)]);
      expect(claims.flat().map((m) => m.id)).toEqual([due.id]);
      expect(await fx.store.claimDueMail(now + 999, now + 2000, 10)).toEqual([]);
      expect((await fx.store.claimDueMail(now + 1000, now + 2000, 10)).map((m) => m.id)).toEqual([due.id]);
      expect(await fx.store.countQueuedMail()).toBe(2);
    });

    it('reschedules a failed mail, gives up on it, retries it on demand, and deletes it once sent', async () => {
      const lone = pending();
      await fx.store.insertPasswordIdentity(lone);
      const queued = mail(lone.id);
      await fx.store.enqueueMail(queued);
      await fx.store.claimDueMail(now, now + 1000, 10);
      await fx.store.rescheduleMail(queued.id, 1, now + 30_000, 'connection refused', null);
      expect(await fx.store.claimDueMail(now + 29_999, now + 40_000, 10)).toEqual([]);
      await fx.store.rescheduleMail(queued.id, 8, now + 60_000, 'still refused', now);
      expect(await fx.store.countQueuedMail()).toBe(0);
      expect((await fx.store.listMail(10))[0]).toMatchObject({ id: queued.id, attempts: 8, lastError: 'still refused', failedAt: now });
      expect(await fx.store.retryAllMail(now + 1)).toBe(1);
      const [claimed] = await fx.store.claimDueMail(now + 1, now + 1000, 10);
      expect(claimed).toMatchObject({ id: queued.id, failedAt: null });
      await fx.store.deleteMail(queued.id);
      expect(await fx.store.listMail(10)).toEqual([]);
    });
  });
}
