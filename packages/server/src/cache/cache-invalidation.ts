import type { ApiKey } from '../model/api-keys.js';
import type { Session } from '../model/sessions.js';
import type { StoreChange } from '../model/store-changes.js';
import type { UserRecord } from '../model/users.js';

/**
 * How the in-memory caches stay true, in one place.
 *
 * Every node keeps in memory what requests read again and again: the apps (AppDirectory);
 * sessions, users with their identities, each user's key list, and usable keys found by their
 * secret (ReadCaches). A write that could make one of those stale *announces* a change (ANNOUNCE in
 * src/model/store-changes.ts), named by its effect; the store delivers it to this node's caches before the write's call returns,
 * and to every other node through the database (PostgreSQL NOTIFY, sent inside the writing
 * transaction). Each cache then drops what the change makes stale (STALE_AFTER):
 *
 *   write (store method)                          announces                  dropped
 *   --------------------------------------------  -------------------------  ------------------------------------------
 *   app created, settings or secret changed        appsChanged                the app directory is reloaded
 *   signing keys rotated or pruned                 signingKeysChanged         every node reloads its key ring
 *   app deleted                                    everythingStale            the directory reloaded, every cache emptied
 *   identity linked to a user                      userIdentitiesChanged      the user's record and keys found by secret
 *   custom data replaced, user enabled             userRecordChanged          the user's record and keys found by secret
 *   user deleted or disabled, password reset,      userSessionsRevoked        the user's sessions, record, key list and
 *     user logged out everywhere (admin)                                        keys found by secret
 *   session ended (logout)                         sessionRevoked             that session
 *   user key created, keys' last use recorded      userKeyListChanged         the user's key list (it shows last use)
 *   key enabled                                    keyListChanged             the owner's key list (user keys)
 *   key disabled or deleted, key rotated,          keySessionsRevoked         sessions opened with the key, the key found
 *     key revoked as leaked                                                     by its secret, the owner's key list
 *
 * New sessions, registrations, confirmations, email tokens, queued mail, audit events,
 * last-login times and server-key creation announce nothing: nothing cached can be stale because
 * of them (a user's last-login time in a cached record may lag; nothing decides on it). When
 * changes may have been missed (the notification connection dropped), the store announces
 * `resync` and the caches empty themselves; while it is down they are bypassed altogether (see
 * PushedCache).
 */
const ofUser = (userId: string, change: StoreChange) => 'userId' in change && change.userId === userId;

/** Which cached values a change makes stale (AppDirectory reloads on `apps`; every cache empties on `resync`). */
export const STALE_AFTER = {
  session: (session: Session, change: StoreChange): boolean =>
    change.kind === 'sessions-revoked' &&
    (change.sessionId === session.id || (change.keyId !== undefined && change.keyId === session.keyId) || change.userId === session.userId),
  userRecord: (record: UserRecord, change: StoreChange): boolean =>
    ofUser(record.user.id, change) && (change.kind === 'identities' || change.kind === 'user' || change.kind === 'sessions-revoked'),
  /**
   * A usable key found by its secret, with its user (verification and login): gone once the key,
   * its secret or its user changes, custom data included (a login puts it in the access token).
   */
  keyBySecret: (found: { key: ApiKey; owner: { id: string } }, change: StoreChange): boolean =>
    (change.kind === 'sessions-revoked' && (change.keyId === found.key.id || change.userId === found.owner.id)) ||
    ((change.kind === 'user' || change.kind === 'identities') && change.userId === found.owner.id),
  keyList: (list: { userId: string; keys: ApiKey[] }, change: StoreChange): boolean =>
    ofUser(list.userId, change) && (change.kind === 'keys' || change.kind === 'sessions-revoked'),
};
