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

/**
 * How a cache finds what a change makes stale: by the ids both name. `idsOf` lists every id a
 * cached value concerns, and a change can only make a value stale if it names one of them
 * (`stale` then decides): the cache looks only at the values filed under the change's ids
 * instead of testing all of them. Logins over many keys announce thousands of changes a flush
 * (each key's last use), and testing every cached value for each held the event loop for seconds.
 */
export interface Invalidation<V> {
  idsOf(value: V): string[];
  stale(value: V, change: StoreChange): boolean;
}

const sessionId = (id: string) => `s:${id}`;
const keyId = (id: string) => `k:${id}`;
const userId = (id: string) => `u:${id}`;

/** The ids a change names, in the form idsOf gives them (none for apps, signing keys and resync). */
export function idsNamedBy(change: StoreChange): string[] {
  if (change.kind === 'apps' || change.kind === 'resync' || change.kind === 'signing-keys') return [];
  if (change.kind !== 'sessions-revoked') return [userId(change.userId)];
  const ids: string[] = [];
  if (change.sessionId !== undefined) ids.push(sessionId(change.sessionId));
  if (change.keyId !== undefined) ids.push(keyId(change.keyId));
  if (change.userId !== undefined) ids.push(userId(change.userId));
  return ids;
}

/** Which cached values a change makes stale (AppDirectory reloads on `apps`; every cache empties on `resync`). */
export const STALE_AFTER = {
  session: {
    idsOf: (session: Session) => [sessionId(session.id), userId(session.userId), ...(session.keyId === null ? [] : [keyId(session.keyId)])],
    stale: (session: Session, change: StoreChange): boolean =>
      change.kind === 'sessions-revoked' &&
      (change.sessionId === session.id ||
        (change.keyId !== undefined && change.keyId === session.keyId) ||
        change.userId === session.userId),
  } satisfies Invalidation<Session>,
  userRecord: {
    idsOf: (record: UserRecord) => [userId(record.user.id)],
    stale: (record: UserRecord, change: StoreChange): boolean =>
      ofUser(record.user.id, change) && (change.kind === 'identities' || change.kind === 'user' || change.kind === 'sessions-revoked'),
  } satisfies Invalidation<UserRecord>,
  /**
   * A usable key found by its secret, with its user (verification and login): gone once the key,
   * its secret or its user changes, custom data included (a login puts it in the access token).
   */
  keyBySecret: {
    idsOf: (found: { key: ApiKey; owner: { id: string } }) => [keyId(found.key.id), userId(found.owner.id)],
    stale: (found: { key: ApiKey; owner: { id: string } }, change: StoreChange): boolean =>
      (change.kind === 'sessions-revoked' && (change.keyId === found.key.id || change.userId === found.owner.id)) ||
      ((change.kind === 'user' || change.kind === 'identities') && change.userId === found.owner.id),
  } satisfies Invalidation<{ key: ApiKey; owner: { id: string } }>,
  keyList: {
    idsOf: (list: { userId: string; keys: ApiKey[] }) => [userId(list.userId)],
    stale: (list: { userId: string; keys: ApiKey[] }, change: StoreChange): boolean =>
      ofUser(list.userId, change) && (change.kind === 'keys' || change.kind === 'sessions-revoked'),
  } satisfies Invalidation<{ userId: string; keys: ApiKey[] }>,
};
