import { ANNOUNCE } from '../../model/store-changes.js';
import type { Identity, UserQuery, UserSummary } from '../../model/users.js';
import { whereAll } from './conditions.js';
import { announce, byId, firstRow, rows, run, type Dialect, type Op } from './driver.js';
import { toIdentity, toUser, type IdentityRow, type UserRow } from './rows.js';
import { lockAgainstLogins } from './session-queries.js';

/** What an operator does to users: list and find them, disable, log out, and record logins. */

type SummaryRow = UserRow & { api_key_count: number };

/** Ids per identities query, padded with NULL (which matches nothing): one statement text for every page size. */
const ID_BATCH = 100;
const IDENTITIES_OF = `SELECT * FROM identities WHERE user_id IN (${Array(ID_BATCH).fill('?').join(', ')}) ORDER BY created_at, id`;

function* summarise(users: SummaryRow[]): Op<UserSummary[]> {
  const identities: Identity[] = [];
  for (let at = 0; at < users.length; at += ID_BATCH) {
    const ids: (string | null)[] = users.slice(at, at + ID_BATCH).map((user) => user.id);
    const found = yield* rows<IdentityRow>(IDENTITIES_OF, [...ids, ...Array<null>(ID_BATCH - ids.length).fill(null)]);
    identities.push(...found.map(toIdentity));
  }
  return users.map((row) => ({
    user: toUser(row),
    identities: identities.filter((identity) => identity.userId === row.id),
    apiKeyCount: Number(row.api_key_count),
  }));
}

const SUMMARY = `SELECT u.*, (SELECT COUNT(*) FROM api_keys k WHERE k.user_id = u.id AND k.kind = 'user') AS api_key_count FROM users u`;

/** Newest first (ids are time-ordered), filtered; every value is a parameter. */
export function* listUsers(appId: string, query: UserQuery): Op<UserSummary[]> {
  const hasIdentity = 'EXISTS (SELECT 1 FROM identities i WHERE i.user_id = u.id AND i.app_id = ? AND';
  const where = whereAll([
    ['u.app_id = ?', appId],
    query.after !== undefined && ['u.id < ?', query.after],
    query.type !== undefined && ['u.type = ?', query.type],
    query.disabled !== undefined && ['u.disabled = ?', query.disabled],
    query.email !== undefined && [`${hasIdentity} i.email = ?)`, appId, query.email],
    query.provider !== undefined && [`${hasIdentity} i.provider_type = ?)`, appId, query.provider],
  ]);
  const found = yield* rows<SummaryRow>(`${SUMMARY} WHERE ${where.sql} ORDER BY u.id DESC LIMIT ?`, [...where.params, query.limit]);
  return yield* summarise(found);
}

export function* findUserSummary(appId: string, userId: string): Op<UserSummary | null> {
  const found = yield* firstRow<SummaryRow>(`${SUMMARY} WHERE u.id = ? AND u.app_id = ?`, [userId, appId]);
  return found ? ((yield* summarise([found]))[0] ?? null) : null;
}

/** Disabling ends every session of the user in the same transaction; enabling restores logins, not sessions. */
export function* setUserDisabled(d: Dialect, appId: string, userId: string, disabled: boolean): Op<boolean> {
  if (disabled) yield* lockAgainstLogins(d, 'users', userId);
  if ((yield* run('UPDATE users SET disabled = ? WHERE id = ? AND app_id = ?', [disabled, userId, appId])) !== 1) return false;
  if (disabled) {
    yield* run('DELETE FROM sessions WHERE user_id = ?', [userId]);
    yield* announce(ANNOUNCE.userSessionsRevoked(userId));
  } else {
    yield* announce(ANNOUNCE.userRecordChanged(userId));
  }
  return true;
}

export function* deleteSessionsOfUser(appId: string, userId: string): Op<number> {
  const deleted = yield* run('DELETE FROM sessions WHERE user_id = ? AND app_id = ?', [userId, appId]);
  if (deleted > 0) yield* announce(ANNOUNCE.userSessionsRevoked(userId));
  return deleted;
}

/** Last-login times, batched: a later time never goes backwards, whichever node writes last. */
export function* recordLogins(logins: { userId: string; at: number }[]): Op<void> {
  for (const { userId, at } of byId(logins, (login) => login.userId)) {
    yield* run('UPDATE users SET last_login_at = ? WHERE id = ? AND (last_login_at IS NULL OR last_login_at < ?)', [at, userId, at]);
  }
}
