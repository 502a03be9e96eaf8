import type { Session } from '../../domain/sessions.js';
import { type Dialect, type Op } from './driver.js';
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
export declare function insertSession(d: Dialect, session: Session, keySecretHash: Buffer | null): Op<boolean>;
/** A new session, and the hash of the key secret that opened it (null: not opened with a key). */
export interface NewSession {
    session: Session;
    keySecretHash: Buffer | null;
}
/** Rows per statement: 10 parameters each, far under SQLite's and PostgreSQL's limits. */
export declare const SESSION_BATCH = 100;
/**
 * Many new sessions in one statement (the logins that arrived together), each under the
 * conditions of insertSession and with the same locks; answers the ids inserted.
 */
export declare function insertSessions(d: Dialect, batch: NewSession[]): Op<Set<string>>;
/**
 * The other half of insertSession's guarantee: run first by every change that ends a user's or
 * key's sessions (disable, rotation, a revoked secret). Waits for logins that have checked the
 * row to commit, so the change's own DELETE of sessions sees them; logins that come after wait
 * for the change and then find the row changed. Nothing to lock where transactions serialise.
 */
export declare function lockAgainstLogins(d: Dialect, table: 'users' | 'api_keys', id: string): Op<void>;
export declare function findSessionById(sessionId: string): Op<Session | null>;
export declare function deleteSession(sessionId: string): Op<boolean>;
/** Expired sessions are refused already; removing them announces nothing. */
export declare function deleteExpiredSessions(now: number): Op<number>;
export declare function countLiveSessions(now: number): Op<number>;
