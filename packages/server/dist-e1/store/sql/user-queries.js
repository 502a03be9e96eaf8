import { ANNOUNCE } from '../../domain/cache-invalidation.js';
import { announce, firstRow, rows, run } from './driver.js';
import { toIdentity, toUser } from './rows.js';
/** Users and their identities. */
export function* insertIdentity(identity) {
    yield* run('INSERT INTO identities (id, app_id, user_id, provider_type, email, password_hash, confirmed, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
        identity.id,
        identity.appId,
        identity.userId,
        identity.providerType,
        identity.email,
        identity.passwordHash,
        identity.confirmed,
        identity.createdAt,
    ]);
}
export function* insertUser(user) {
    yield* run('INSERT INTO users (id, app_id, type, created_at, custom_data) VALUES (?, ?, ?, ?, ?)', [
        user.id,
        user.appId,
        user.type,
        user.createdAt,
        JSON.stringify(user.customData),
    ]);
}
export function* insertUserWithIdentity(user, identity) {
    yield* insertUser(user);
    yield* insertIdentity(identity);
}
export function* findPasswordIdentity(appId, email) {
    const row = yield* firstRow('SELECT * FROM identities WHERE app_id = ? AND email = ?', [appId, email]);
    return row ? toIdentity(row) : null;
}
export function* findIdentity(appId, identityId) {
    const row = yield* firstRow('SELECT * FROM identities WHERE id = ? AND app_id = ?', [identityId, appId]);
    return row ? toIdentity(row) : null;
}
export function* listPendingIdentities(appId, limit) {
    const pending = yield* rows('SELECT * FROM identities WHERE app_id = ? AND NOT confirmed ORDER BY created_at DESC, id DESC LIMIT ?', [appId, limit]);
    return pending.map(toIdentity);
}
/** Nothing to announce: a pending identity has no user, so it is in no cache. */
export function* confirmIdentity(identityId) {
    return (yield* run('UPDATE identities SET confirmed = ? WHERE id = ? AND NOT confirmed', [true, identityId])) === 1;
}
export function* deleteOwnerlessIdentity(identityId) {
    return (yield* run('DELETE FROM identities WHERE id = ? AND user_id IS NULL', [identityId])) === 1;
}
/** A new password ends every session of the user, in the same transaction. */
/** Replaces the hash only if it is still `expected`: an upgrade never undoes a reset that came first. */
export function* replacePasswordHash(identityId, expected, passwordHash) {
    return ((yield* run('UPDATE identities SET password_hash = ? WHERE id = ? AND password_hash = ?', [passwordHash, identityId, expected])) === 1);
}
export function* setPasswordAndRevokeSessions(identityId, passwordHash) {
    if ((yield* run('UPDATE identities SET password_hash = ? WHERE id = ? AND email IS NOT NULL', [passwordHash, identityId])) !== 1)
        return false;
    const owner = yield* firstRow('SELECT user_id FROM identities WHERE id = ?', [identityId]);
    if (owner?.user_id) {
        yield* run('DELETE FROM sessions WHERE user_id = ?', [owner.user_id]);
        yield* announce(ANNOUNCE.passwordChanged(owner.user_id));
    }
    return true;
}
/** The column is chosen from a closed pair, never from input. */
const LAST_MAIL_COLUMN = { confirm: 'last_confirm_mail_at', reset: 'last_reset_mail_at' };
export function* markMailed(identityId, kind, now, minIntervalMs) {
    const column = LAST_MAIL_COLUMN[kind];
    const marked = yield* run(`UPDATE identities SET ${column} = ? WHERE id = ? AND (${column} IS NULL OR ${column} <= ?)`, [
        now,
        identityId,
        now - minIntervalMs,
    ]);
    return marked === 1;
}
/** Gives an ownerless identity to `newUser` under a lock on the identity, so two first logins agree. */
export function* claimIdentity(d, identityId, newUser) {
    const row = yield* firstRow(`SELECT user_id FROM identities WHERE id = ? ${d.lockForUpdate}`, [identityId]);
    if (!row)
        throw new Error(`identity ${identityId} vanished while being claimed`);
    if (row.user_id)
        return row.user_id;
    yield* insertUser(newUser);
    yield* run('UPDATE identities SET user_id = ? WHERE id = ?', [newUser.id, identityId]);
    return newUser.id;
}
export function* linkIdentity(identityId, userId) {
    const linked = (yield* run('UPDATE identities SET user_id = ? WHERE id = ? AND (user_id IS NULL OR user_id = ?)', [userId, identityId, userId])) === 1;
    if (linked)
        yield* announce(ANNOUNCE.identityLinked(userId));
    return linked;
}
export function* findUser(appId, userId) {
    const row = yield* firstRow('SELECT * FROM users WHERE id = ? AND app_id = ?', [userId, appId]);
    return row ? toUser(row) : null;
}
export function* updateCustomUserData(appId, userId, customData) {
    const updated = (yield* run('UPDATE users SET custom_data = ? WHERE id = ? AND app_id = ?', [JSON.stringify(customData), userId, appId])) === 1;
    if (updated)
        yield* announce(ANNOUNCE.customDataChanged(userId));
    return updated;
}
export function* listIdentities(userId) {
    return (yield* rows('SELECT * FROM identities WHERE user_id = ? ORDER BY created_at, id', [userId])).map(toIdentity);
}
/** Foreign keys cascade to the user's identities, keys and sessions. */
export function* deleteUser(appId, userId) {
    const deleted = (yield* run('DELETE FROM users WHERE id = ? AND app_id = ?', [userId, appId])) === 1;
    if (deleted)
        yield* announce(ANNOUNCE.userDeleted(userId));
    return deleted;
}
/** Nothing is announced: users without a live session are in no cache anyone can reach. */
export function* deleteAbandonedAnonymousUsers(appId, createdBefore, now, limit) {
    return yield* run(`DELETE FROM users WHERE id IN (
       SELECT u.id FROM users u
       WHERE u.app_id = ? AND u.type = 'normal' AND u.created_at < ?
         AND EXISTS (SELECT 1 FROM identities i WHERE i.user_id = u.id AND i.provider_type = 'anon-user')
         AND NOT EXISTS (SELECT 1 FROM identities i WHERE i.user_id = u.id AND i.provider_type <> 'anon-user')
         AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id AND s.expires_at > ?)
       LIMIT ?)`, [appId, createdBefore, now, limit]);
}
//# sourceMappingURL=user-queries.js.map