import type { OutboxMail } from '../../model/mail.js';
import { firstRow, rows, run, type Dialect, type Op } from './driver.js';
import { toMail, type MailRow } from './rows.js';

/** The mail queue. */

export function* enqueueMail(mail: OutboxMail): Op<void> {
  yield* run(
    `INSERT INTO mail_outbox (id, app_id, identity_id, kind, to_address, attempts, next_attempt_at, last_error, failed_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      mail.id,
      mail.appId,
      mail.identityId,
      mail.kind,
      mail.to,
      mail.attempts,
      mail.nextAttemptAt,
      mail.lastError,
      mail.failedAt,
      mail.createdAt,
    ],
  );
}

/** Leases due mail; PostgreSQL skips rows another node is leasing at this very moment. */
export function* claimDueMail(d: Dialect, now: number, leaseUntil: number, limit: number): Op<OutboxMail[]> {
  const claimed = yield* rows<MailRow>(
    `UPDATE mail_outbox SET claimed_until = ? WHERE id IN (
       SELECT id FROM mail_outbox
       WHERE failed_at IS NULL AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?)
       ORDER BY next_attempt_at LIMIT ? ${d.lockSkipLocked})
     RETURNING *`,
    [leaseUntil, now, now, limit],
  );
  return claimed.map(toMail);
}

export function* deleteMail(mailId: string): Op<void> {
  yield* run('DELETE FROM mail_outbox WHERE id = ?', [mailId]);
}

export function* rescheduleMail(
  mailId: string,
  attempts: number,
  nextAttemptAt: number,
  lastError: string,
  failedAt: number | null,
): Op<void> {
  yield* run('UPDATE mail_outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, failed_at = ?, claimed_until = NULL WHERE id = ?', [
    attempts,
    nextAttemptAt,
    lastError,
    failedAt,
    mailId,
  ]);
}

export function* countQueuedMail(): Op<number> {
  const counted = yield* firstRow<{ n: number }>('SELECT COUNT(*) AS n FROM mail_outbox WHERE failed_at IS NULL');
  return Number(counted?.n ?? 0);
}

export function* listMail(limit: number): Op<OutboxMail[]> {
  return (yield* rows<MailRow>('SELECT * FROM mail_outbox ORDER BY created_at, id LIMIT ?', [limit])).map(toMail);
}

export function* retryAllMail(now: number): Op<number> {
  return yield* run('UPDATE mail_outbox SET next_attempt_at = ?, failed_at = NULL, claimed_until = NULL', [now]);
}
