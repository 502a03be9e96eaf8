import type { PasswordAttempt } from '../store.js';
import { firstRow, rows, run, type Dialect, type Op } from './driver.js';

/**
 * Password attempts per account and address, and per account (`ip` ''), and the addresses an
 * account's password was given from correctly. An attempt is counted before its password is
 * checked, in one transaction that locks the address's row and then the account's, so however
 * many arrive at once, on however many nodes, no more are checked than the counts allow.
 */

interface Count {
  failures: number;
  blockedUntil: number;
}

/** Creates or locks one count's row and reads it; a count whose last attempt is older than `staleBefore` reads as zero. */
function* lockedCount(appId: string, email: string, ip: string, now: number, staleBefore: number): Op<Count> {
  const row = yield* firstRow<{ failures: number | string; blocked_until: number | string }>(
    `INSERT INTO password_failures (app_id, email, ip, failures, blocked_until, updated_at) VALUES (?, ?, ?, 0, 0, ?)
     ON CONFLICT (app_id, email, ip) DO UPDATE SET
       failures = CASE WHEN password_failures.updated_at > ? THEN password_failures.failures ELSE 0 END,
       blocked_until = CASE WHEN password_failures.updated_at > ? THEN password_failures.blocked_until ELSE 0 END
     RETURNING failures, blocked_until`,
    [appId, email, ip, now, staleBefore, staleBefore],
  );
  return { failures: Number(row?.failures ?? 0), blockedUntil: Number(row?.blocked_until ?? 0) };
}

function* isKnownAddress(appId: string, email: string, ip: string, since: number): Op<boolean> {
  return (
    (yield* firstRow('SELECT 1 AS known FROM password_known_addresses WHERE app_id = ? AND email = ? AND ip = ? AND last_success_at >= ?', [
      appId,
      email,
      ip,
      since,
    ])) !== undefined
  );
}

/**
 * Counts the attempt as a failure before its password is checked, or refuses it: when this
 * address is blocked for the account, or the account is blocked and the address is not one the
 * account's password came from before. Returns the block that refused it, or null.
 */
export function* reservePasswordAttempt(attempt: PasswordAttempt): Op<{ blockedUntil: number } | null> {
  const { appId, email, ip, now, forgetAfterMs, knownSince, blockUntil } = attempt;
  const address = yield* lockedCount(appId, email, ip, now, now - forgetAfterMs);
  const account = yield* lockedCount(appId, email, '', now, now - forgetAfterMs);
  if (address.blockedUntil > now) return { blockedUntil: address.blockedUntil };
  if (account.blockedUntil > now && !(yield* isKnownAddress(appId, email, ip, knownSince))) return { blockedUntil: account.blockedUntil };
  for (const [scopeIp, count, scope] of [
    [ip, address, 'address'],
    ['', account, 'account'],
  ] as const) {
    yield* run('UPDATE password_failures SET failures = ?, blocked_until = ?, updated_at = ? WHERE app_id = ? AND email = ? AND ip = ?', [
      count.failures + 1,
      blockUntil(count.failures + 1, scope),
      now,
      appId,
      email,
      scopeIp,
    ]);
  }
  return null;
}

/**
 * The password was right: this address's count is forgotten and the address remembered as one
 * the owner uses. The account's count only loses this attempt (counted when it was reserved):
 * other addresses' failures are not the owner's to forgive, and the owner's known addresses
 * pass its block anyway. Rows are touched in the order attempts lock them.
 */
export function* passwordAccepted(appId: string, email: string, ip: string, now: number, accountFree: number): Op<void> {
  yield* run('DELETE FROM password_failures WHERE app_id = ? AND email = ? AND ip = ?', [appId, email, ip]);
  yield* run(
    `UPDATE password_failures SET failures = failures - 1, blocked_until = CASE WHEN failures - 1 < ? THEN 0 ELSE blocked_until END
     WHERE app_id = ? AND email = ? AND ip = '' AND failures > 0`,
    [accountFree, appId, email],
  );
  yield* run(
    `INSERT INTO password_known_addresses (app_id, email, ip, last_success_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (app_id, email, ip) DO UPDATE SET last_success_at = excluded.last_success_at`,
    [appId, email, ip, now],
  );
}

/**
 * A password reset forgets every count of the account (rows locked addresses first, the
 * account last, as attempts lock them), and every known address: whoever knew the old password
 * may have been someone else.
 */
export function* forgetPasswordHistory(d: Dialect, appId: string, email: string): Op<void> {
  if (d.lockForUpdate) {
    yield* rows(`SELECT ip FROM password_failures WHERE app_id = ? AND email = ? ORDER BY ip DESC ${d.lockForUpdate}`, [appId, email]);
  }
  yield* run('DELETE FROM password_failures WHERE app_id = ? AND email = ?', [appId, email]);
  yield* run('DELETE FROM password_known_addresses WHERE app_id = ? AND email = ?', [appId, email]);
}

/** Counts nobody has touched for a while, passing over rows an attempt holds (so the sweep never waits on, or deadlocks with, one). */
export function* deleteStalePasswordFailures(d: Dialect, before: number, knownBefore: number): Op<number> {
  const stale = yield* run(
    `DELETE FROM password_failures WHERE (app_id, email, ip) IN
       (SELECT app_id, email, ip FROM password_failures WHERE updated_at < ? ${d.lockSkipLocked})`,
    [before],
  );
  return stale + (yield* run('DELETE FROM password_known_addresses WHERE last_success_at < ?', [knownBefore]));
}
