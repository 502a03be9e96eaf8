import type { ApiKey, KeyOwner } from './api-keys.js';
import type { Session } from './sessions.js';
import type { UserRecord } from './users.js';
/**
 * How the in-memory caches stay true, in one place.
 *
 * Every node keeps in memory what requests read again and again: the apps (AppDirectory),
 * sessions, users with their identities, and each user's key list (ReadCaches). A write that
 * could make one of those stale *announces* a change; the store delivers it to this node's
 * caches before the write's call returns, and to every other node through the database
 * (PostgreSQL NOTIFY, sent inside the writing transaction). Each cache then drops what the
 * change makes stale:
 *
 *   write (store method)                     announces                          dropped from the caches
 *   ---------------------------------------  ---------------------------------  ----------------------------------------
 *   app created, settings or secret changed  apps                               the whole app directory is reloaded
 *   app deleted                              apps, resync                       the directory is reloaded, every cache emptied
 *   identity linked to a user                identities(user)                   that user's record
 *   custom data replaced, user enabled       user(user)                         that user's record
 *   user deleted or disabled                 sessions-revoked(user)             the user's sessions, record and key list
 *   session ended (logout)                   sessions-revoked(session)          that session
 *   password reset, user logged out (admin)  sessions-revoked(user)             the user's sessions, record and key list
 *   user key created                         keys(user)                         the user's key list
 *   key enabled                              keys(user, for a user key)         the user's key list
 *   key disabled or deleted                  sessions-revoked(key), keys(user)  sessions opened with the key, key list
 *
 * New sessions, registrations, confirmations, tokens, queued mail, audit events, last-login
 * times and server-key creation announce nothing: nothing cached can be stale because of them
 * (a user's last-login time in a cached record may lag; nothing decides on it). When changes may have been missed (the notification connection
 * dropped), the store announces `resync` and the caches empty themselves; while it is down
 * they are bypassed altogether (see PushedCache).
 */
export type StoreChange = {
    kind: 'apps';
} | {
    kind: 'resync';
}
/** The signing keys were rotated or pruned: every node reloads them. */
 | {
    kind: 'signing-keys';
}
/** Sessions were revoked: the one named, those opened with a key, or all of a user's. */
 | {
    kind: 'sessions-revoked';
    sessionId?: string;
    keyId?: string;
    userId?: string;
}
/** A user gained an identity (linking). */
 | {
    kind: 'identities';
    userId: string;
}
/** A user's own record changed (custom data). */
 | {
    kind: 'user';
    userId: string;
}
/** A user's API keys changed: one created, enabled, disabled or deleted. */
 | {
    kind: 'keys';
    userId: string;
};
/** What each write announces: the store sends exactly these, in the writing transaction. */
export declare const ANNOUNCE: {
    appChanged: () => StoreChange[];
    signingKeysChanged: () => StoreChange[];
    appDeleted: () => StoreChange[];
    identityLinked: (userId: string) => StoreChange[];
    customDataChanged: (userId: string) => StoreChange[];
    userDeleted: (userId: string) => StoreChange[];
    userDisabled: (userId: string) => StoreChange[];
    sessionEnded: (sessionId: string) => StoreChange[];
    passwordChanged: (userId: string) => StoreChange[];
    userKeyCreated: (userId: string) => StoreChange[];
    keyEnabled: (owner: KeyOwner) => StoreChange[];
    keyDisabledOrDeleted: (owner: KeyOwner, keyId: string) => StoreChange[];
};
/** Which cached values a change makes stale (AppDirectory reloads on `apps`; every cache empties on `resync`). */
export declare const STALE_AFTER: {
    session: (session: Session, change: StoreChange) => boolean;
    userRecord: (record: UserRecord, change: StoreChange) => boolean;
    /**
     * A usable key found by its secret, with its user (verification and login): gone once the key,
     * its secret or its user changes, custom data included (a login puts it in the access token).
     */
    keyBySecret: (found: {
        key: ApiKey;
        owner: {
            id: string;
        };
    }, change: StoreChange) => boolean;
    keyList: (list: {
        userId: string;
        keys: ApiKey[];
    }, change: StoreChange) => boolean;
};
