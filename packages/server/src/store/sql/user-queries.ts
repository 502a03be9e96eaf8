import { ANNOUNCE } from '../../model/store-changes.js';
import type { CustomUserData } from '../../model/custom-data.js';
import type { TokenPurpose } from '../../model/email-tokens.js';
import type { Identity, User } from '../../model/users.js';
import { announce, firstRow, rows, run, type Dialect, type Op } from './driver.js';
import { toIdentity, toUser, type IdentityRow, type UserRow } from './rows.js';

/** Users and their identities. */

/** Every column of an identity; imported and external identities fill the last three. */
export function* insertIdentity(identity: Identity): Op<void> {
  yield* run(
    `INSERT INTO identities (id, app_id, user_id, provider_type, email, password_hash, confirmed, created_at, external_id, provider_id, provider_data)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      identity.id,
      identity.appId,
      identity.userId,
      identity.providerType,
      identity.email,
      identity.passwordHash,
      identity.confirmed,
      identity.createdAt,
      identity.externalId ?? null,
      identity.providerId ?? null,
      identity.providerData ? JSON.stringify(identity.providerData) : null,
    ],
  );
}

export function* insertUser(user: User): Op<void> {
  yield* run('INSERT INTO users (id, app_id, type, created_at, custom_data) VALUES (?, ?, ?, ?, ?)', [
    user.id,
    user.appId,
    user.type,
    user.createdAt,
    JSON.stringify(user.customData),
  ]);
}

export function* insertUserWithIdentity(user: User, identity: Identity): Op<void> {
  yield* insertUser(user);
  yield* insertIdentity(identity);
}

export function* findPasswordIdentity(appId: string, email: string): Op<Identity | null> {
  const row = yield* firstRow<IdentityRow>('SELECT * FROM identities WHERE app_id = ? AND email = ?', [appId, email]);
  return row ? toIdentity(row) : null;
}

export function* findIdentity(appId: string, identityId: string): Op<Identity | null> {
  const row = yield* firstRow<IdentityRow>('SELECT * FROM identities WHERE id = ? AND app_id = ?', [identityId, appId]);
  return row ? toIdentity(row) : null;
}

export function* listPendingIdentities(appId: string, limit: number): Op<Identity[]> {
  const pending = yield* rows<IdentityRow>(
    'SELECT * FROM identities WHERE app_id = ? AND NOT confirmed ORDER BY created_at DESC, id DESC LIMIT ?',
    [appId, limit],
  );
  return pending.map(toIdentity);
}

/** Nothing to announce: a pending identity has no user, so it is in no cache. */
export function* confirmIdentity(identityId: string): Op<boolean> {
  return (yield* run('UPDATE identities SET confirmed = ? WHERE id = ? AND NOT confirmed', [true, identityId])) === 1;
}

/**
 * A new registration for a pending address: the newest registrant's password, a fresh
 * registration time (its expiry counts from now), and every earlier confirmation token dead,
 * so only a link mailed from now on confirms it. False when it was confirmed meanwhile.
 */
export function* replacePendingRegistration(identityId: string, passwordHash: string, now: number): Op<boolean> {
  const replaced = yield* run(
    'UPDATE identities SET password_hash = ?, created_at = ? WHERE id = ? AND NOT confirmed AND user_id IS NULL',
    [passwordHash, now, identityId],
  );
  if (replaced !== 1) return false;
  yield* run("DELETE FROM userpass_tokens WHERE identity_id = ? AND purpose = 'confirm'", [identityId]);
  return true;
}

/** Registrations never confirmed within the app's time for it. */
export function* deleteExpiredPendingRegistrations(appId: string, registeredBefore: number, limit: number): Op<number> {
  return yield* run(
    `DELETE FROM identities WHERE id IN (
       SELECT id FROM identities WHERE app_id = ? AND NOT confirmed AND user_id IS NULL AND created_at < ? LIMIT ?)`,
    [appId, registeredBefore, limit],
  );
}

export function* deleteOwnerlessIdentity(identityId: string): Op<boolean> {
  return (yield* run('DELETE FROM identities WHERE id = ? AND user_id IS NULL', [identityId])) === 1;
}

/** A new password ends every session of the user, in the same transaction. */
/** Replaces the hash only if it is still `expected`: an upgrade never undoes a reset that came first. */
export function* replacePasswordHash(identityId: string, expected: string, passwordHash: string): Op<boolean> {
  return (
    (yield* run('UPDATE identities SET password_hash = ? WHERE id = ? AND password_hash = ?', [passwordHash, identityId, expected])) === 1
  );
}

export function* setPasswordAndRevokeSessions(identityId: string, passwordHash: string): Op<boolean> {
  if ((yield* run('UPDATE identities SET password_hash = ? WHERE id = ? AND email IS NOT NULL', [passwordHash, identityId])) !== 1)
    return false;
  const owner = yield* firstRow<{ user_id: string | null }>('SELECT user_id FROM identities WHERE id = ?', [identityId]);
  if (owner?.user_id) {
    yield* run('DELETE FROM sessions WHERE user_id = ?', [owner.user_id]);
    yield* announce(ANNOUNCE.userSessionsRevoked(owner.user_id));
  }
  return true;
}

/** The column is chosen from a closed pair, never from input. */
const LAST_MAIL_COLUMN = { confirm: 'last_confirm_mail_at', reset: 'last_reset_mail_at' } as const;

export function* markMailed(identityId: string, kind: TokenPurpose, now: number, minIntervalMs: number): Op<boolean> {
  const column = LAST_MAIL_COLUMN[kind];
  const marked = yield* run(`UPDATE identities SET ${column} = ? WHERE id = ? AND (${column} IS NULL OR ${column} <= ?)`, [
    now,
    identityId,
    now - minIntervalMs,
  ]);
  return marked === 1;
}

/** Gives an ownerless identity to `newUser` under a lock on the identity, so two first logins agree. */
export function* claimIdentity(d: Dialect, identityId: string, newUser: User): Op<string> {
  const row = yield* firstRow<{ user_id: string | null }>(`SELECT user_id FROM identities WHERE id = ? ${d.lockForUpdate}`, [identityId]);
  if (!row) throw new Error(`identity ${identityId} vanished while being claimed`);
  if (row.user_id) return row.user_id;
  yield* insertUser(newUser);
  yield* run('UPDATE identities SET user_id = ? WHERE id = ?', [newUser.id, identityId]);
  return newUser.id;
}

export function* linkIdentity(identityId: string, userId: string): Op<boolean> {
  const linked =
    (yield* run('UPDATE identities SET user_id = ? WHERE id = ? AND (user_id IS NULL OR user_id = ?)', [userId, identityId, userId])) === 1;
  if (linked) yield* announce(ANNOUNCE.userIdentitiesChanged(userId));
  return linked;
}

export function* findUser(appId: string, userId: string): Op<User | null> {
  const row = yield* firstRow<UserRow>('SELECT * FROM users WHERE id = ? AND app_id = ?', [userId, appId]);
  return row ? toUser(row) : null;
}

export function* updateCustomUserData(appId: string, userId: string, customData: CustomUserData): Op<boolean> {
  const updated =
    (yield* run('UPDATE users SET custom_data = ? WHERE id = ? AND app_id = ?', [JSON.stringify(customData), userId, appId])) === 1;
  if (updated) yield* announce(ANNOUNCE.userRecordChanged(userId));
  return updated;
}

export function* listIdentities(userId: string): Op<Identity[]> {
  return (yield* rows<IdentityRow>('SELECT * FROM identities WHERE user_id = ? ORDER BY created_at, id', [userId])).map(toIdentity);
}

/** Foreign keys cascade to the user's identities, keys and sessions. */
export function* deleteUser(appId: string, userId: string): Op<boolean> {
  const deleted = (yield* run('DELETE FROM users WHERE id = ? AND app_id = ?', [userId, appId])) === 1;
  if (deleted) yield* announce(ANNOUNCE.userSessionsRevoked(userId));
  return deleted;
}

/** Nothing is announced: users without a live session are in no cache anyone can reach. */
export function* deleteAbandonedAnonymousUsers(appId: string, createdBefore: number, now: number, limit: number): Op<number> {
  return yield* run(
    `DELETE FROM users WHERE id IN (
       SELECT u.id FROM users u
       WHERE u.app_id = ? AND u.type = 'normal' AND u.created_at < ? AND u.imported_at IS NULL
         AND EXISTS (SELECT 1 FROM identities i WHERE i.user_id = u.id AND i.provider_type = 'anon-user')
         AND NOT EXISTS (SELECT 1 FROM identities i WHERE i.user_id = u.id AND i.provider_type <> 'anon-user')
         AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id AND s.expires_at > ?)
       LIMIT ?)`,
    [appId, createdBefore, now, limit],
  );
}

/** An identity by its provider and its id there (custom JWT's `sub`, a custom function's `id`). */
export function* findExternalIdentity(appId: string, provider: string, externalId: string): Op<Identity | null> {
  const row = yield* firstRow<IdentityRow>(
    'SELECT * FROM identities WHERE app_id = ? AND provider_type = ? AND external_id IS NOT NULL AND external_id = ?',
    [appId, provider, externalId],
  );
  return row ? toIdentity(row) : null;
}

/** What the provider said at the latest login; the profile shows it, so the owner's cached record goes. */
export function* updateProviderData(identityId: string, userId: string, providerData: Record<string, unknown>): Op<void> {
  yield* run('UPDATE identities SET provider_data = ? WHERE id = ?', [JSON.stringify(providerData), identityId]);
  yield* announce(ANNOUNCE.userIdentitiesChanged(userId));
}

/** An identity added to a user who may be in a cache: their cached record goes. */
export function* insertIdentityOf(identity: Identity): Op<void> {
  yield* insertIdentity(identity);
  if (identity.userId) yield* announce(ANNOUNCE.userIdentitiesChanged(identity.userId));
}

export function* insertUserWithExternalIdentity(user: User, identity: Identity): Op<void> {
  yield* insertUser(user);
  yield* insertIdentityOf(identity);
}
