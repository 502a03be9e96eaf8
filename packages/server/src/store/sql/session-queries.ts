import { ANNOUNCE } from '../../domain/cache-invalidation.js';
import type { Session } from '../../domain/sessions.js';
import { announce, firstRow, rows, run, type Dialect, type Op } from './driver.js';
import { toSession, type SessionRow } from './rows.js';

/**
 * Inserts the session only while its user exists and is enabled, and, for a session opened
 * with a key, while at commit the key is enabled and the secret used is still one of its own:
 * its current secret, or its previous one with the session ending within the rotation's grace.
 * On PostgreSQL both rows are read FOR SHARE, so a concurrent disable, delete or rotation waits
 * for this insert or makes it find nothing: whatever the login read before (from a cache on
 * another node, say), no live session outlasts a revocation or a grace.
 */
export function* insertSession(d: Dialect, session: Session, keySecretHash: Buffer | null): Op<boolean> {
  return (
    (yield* run(
      `INSERT INTO sessions (id, app_id, user_id, key_id, refresh_hash, device_id, created_at, expires_at, scopes)
     SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?
     WHERE EXISTS (SELECT 1 FROM users WHERE id = ? AND NOT disabled ${d.lockForShare})
       AND (CAST(? AS TEXT) IS NULL OR EXISTS (
         SELECT 1 FROM api_keys WHERE id = ? AND NOT disabled
           AND (secret_hash = ? OR (previous_secret_hash = ? AND previous_valid_until >= ?)) ${d.lockForShare}))`,
      [
        session.id,
        session.appId,
        session.userId,
        session.keyId,
        session.refreshHash,
        session.deviceId,
        session.createdAt,
        session.expiresAt,
        session.scopes === null ? null : JSON.stringify(session.scopes),
        session.userId,
        session.keyId,
        session.keyId,
        keySecretHash,
        keySecretHash,
        session.expiresAt,
      ],
    )) === 1
  );
}

export function* findSessionById(sessionId: string): Op<Session | null> {
  const row = yield* firstRow<SessionRow>('SELECT * FROM sessions WHERE id = ?', [sessionId]);
  return row ? toSession(row) : null;
}

export function* deleteSession(sessionId: string): Op<boolean> {
  const deleted = (yield* run('DELETE FROM sessions WHERE id = ?', [sessionId])) === 1;
  if (deleted) yield* announce(ANNOUNCE.sessionEnded(sessionId));
  return deleted;
}

/** Expired sessions are refused already; removing them announces nothing. */
export function* deleteExpiredSessions(now: number): Op<number> {
  return yield* run('DELETE FROM sessions WHERE expires_at <= ?', [now]);
}

export function* countLiveSessions(now: number): Op<number> {
  const [counted] = yield* rows<{ n: number }>('SELECT COUNT(*) AS n FROM sessions WHERE expires_at > ?', [now]);
  return Number(counted?.n ?? 0);
}
