import { ANNOUNCE } from '../../model/store-changes.js';
import type { Session } from '../../model/sessions.js';
import { announce, firstRow, rows, run, type Dialect, type Op } from './driver.js';
import { TYPES } from './column-types.js';
import { toSession, type SessionRow } from './rows.js';

/** A session's columns, in the order both inserts below name them. */
const columnsOf = (session: Session) => [
  session.id,
  session.appId,
  session.userId,
  session.keyId,
  session.refreshHash,
  session.deviceId,
  session.createdAt,
  session.expiresAt,
  session.scopes === null ? null : JSON.stringify(session.scopes),
];

/**
 * Inserts the session only while its user exists and is enabled, and, for a session opened
 * with a key, while at commit the key is enabled and the secret used is still one of its own:
 * its current secret, or its previous one with the session ending within the rotation's grace.
 * On PostgreSQL both rows are read FOR KEY SHARE and every revocation first locks the row FOR
 * UPDATE (lockAgainstLogins), so a concurrent disable, delete or rotation waits for this insert
 * or makes it find nothing: whatever the login read before (from a cache on another node, say),
 * no live session outlasts a revocation or a grace. Last-use writes take a weaker lock that KEY
 * SHARE lets pass, so logins never queue behind them.
 */
export function* insertSession(d: Dialect, session: Session, keySecretHash: Buffer | null): Op<boolean> {
  return (
    (yield* run(
      `INSERT INTO sessions (id, app_id, user_id, key_id, refresh_hash, device_id, created_at, expires_at, scopes)
     SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?
     WHERE EXISTS (SELECT 1 FROM users WHERE id = ? AND NOT disabled ${d.lockForLogin})
       AND (CAST(? AS TEXT) IS NULL OR EXISTS (
         SELECT 1 FROM api_keys WHERE id = ? AND NOT disabled
           AND (secret_hash = ? OR (previous_secret_hash = ? AND previous_valid_until >= ?)) ${d.lockForLogin}))`,
      [...columnsOf(session), session.userId, session.keyId, session.keyId, keySecretHash, keySecretHash, session.expiresAt],
    )) === 1
  );
}

/** A new session, and the hash of the key secret that opened it (null: not opened with a key). */
export interface NewSession {
  session: Session;
  keySecretHash: Buffer | null;
}

/** Rows per statement: 10 parameters each, far under SQLite's and PostgreSQL's limits. */
export const SESSION_BATCH = 100;

/**
 * Many new sessions in one statement (the logins that arrived together), each under the
 * conditions of insertSession and with the same locks; answers the ids inserted.
 */
export function* insertSessions(d: Dialect, batch: NewSession[]): Op<Set<string>> {
  const { bytes, timestamp } = TYPES[d.name];
  const row = `(CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS ${bytes}), CAST(? AS TEXT), CAST(? AS ${timestamp}), CAST(? AS ${timestamp}), CAST(? AS TEXT), CAST(? AS ${bytes}))`;
  const inserted = yield* rows<{ id: string }>(
    `WITH v(id, app_id, user_id, key_id, refresh_hash, device_id, created_at, expires_at, scopes, key_secret) AS (VALUES ${batch.map(() => row).join(', ')})
     INSERT INTO sessions (id, app_id, user_id, key_id, refresh_hash, device_id, created_at, expires_at, scopes)
     SELECT id, app_id, user_id, key_id, refresh_hash, device_id, created_at, expires_at, scopes FROM v
     WHERE EXISTS (SELECT 1 FROM users WHERE users.id = v.user_id AND NOT users.disabled ${d.lockForLogin})
       AND (v.key_id IS NULL OR EXISTS (
         SELECT 1 FROM api_keys k WHERE k.id = v.key_id AND NOT k.disabled
           AND (k.secret_hash = v.key_secret OR (k.previous_secret_hash = v.key_secret AND k.previous_valid_until >= v.expires_at)) ${d.lockForLogin}))
     RETURNING id`,
    batch.flatMap(({ session, keySecretHash }) => [...columnsOf(session), keySecretHash]),
  );
  return new Set(inserted.map((found) => found.id));
}

/**
 * The other half of insertSession's guarantee: run first by every change that ends a user's or
 * key's sessions (disable, rotation, a revoked secret). Waits for logins that have checked the
 * row to commit, so the change's own DELETE of sessions sees them; logins that come after wait
 * for the change and then find the row changed. Nothing to lock where transactions serialise.
 */
export function* lockAgainstLogins(d: Dialect, table: 'users' | 'api_keys', id: string): Op<void> {
  if (d.lockForRevocation) yield* rows(`SELECT 1 FROM ${table} WHERE id = ? ${d.lockForRevocation}`, [id]);
}

export function* findSessionById(sessionId: string): Op<Session | null> {
  const row = yield* firstRow<SessionRow>('SELECT * FROM sessions WHERE id = ?', [sessionId]);
  return row ? toSession(row) : null;
}

export function* deleteSession(sessionId: string): Op<boolean> {
  const deleted = (yield* run('DELETE FROM sessions WHERE id = ?', [sessionId])) === 1;
  if (deleted) yield* announce(ANNOUNCE.sessionRevoked(sessionId));
  return deleted;
}

/**
 * Expired sessions are refused already; removing them announces nothing. A batch at a time,
 * found through the expiry index, so a sweep of millions never holds the database for long.
 */
export function* deleteExpiredSessions(now: number, limit: number): Op<number> {
  return yield* run('DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at <= ? ORDER BY expires_at LIMIT ?)', [
    now,
    limit,
  ]);
}

export function* countLiveSessions(now: number): Op<number> {
  const [counted] = yield* rows<{ n: number }>('SELECT COUNT(*) AS n FROM sessions WHERE expires_at > ?', [now]);
  return Number(counted?.n ?? 0);
}
