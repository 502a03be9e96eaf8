const keysOf = (owner) => (owner.kind === 'user' ? [{ kind: 'keys', userId: owner.userId }] : []);
/** What each write announces: the store sends exactly these, in the writing transaction. */
export const ANNOUNCE = {
    appChanged: () => [{ kind: 'apps' }],
    signingKeysChanged: () => [{ kind: 'signing-keys' }],
    appDeleted: () => [{ kind: 'apps' }, { kind: 'resync' }],
    identityLinked: (userId) => [{ kind: 'identities', userId }],
    customDataChanged: (userId) => [{ kind: 'user', userId }],
    userDeleted: (userId) => [{ kind: 'sessions-revoked', userId }],
    userDisabled: (userId) => [{ kind: 'sessions-revoked', userId }],
    sessionEnded: (sessionId) => [{ kind: 'sessions-revoked', sessionId }],
    passwordChanged: (userId) => [{ kind: 'sessions-revoked', userId }],
    userKeyCreated: (userId) => [{ kind: 'keys', userId }],
    keyEnabled: (owner) => keysOf(owner),
    keyDisabledOrDeleted: (owner, keyId) => [{ kind: 'sessions-revoked', keyId }, ...keysOf(owner)],
};
const ofUser = (userId, change) => 'userId' in change && change.userId === userId;
/** Which cached values a change makes stale (AppDirectory reloads on `apps`; every cache empties on `resync`). */
export const STALE_AFTER = {
    session: (session, change) => change.kind === 'sessions-revoked' &&
        (change.sessionId === session.id || (change.keyId !== undefined && change.keyId === session.keyId) || change.userId === session.userId),
    userRecord: (record, change) => ofUser(record.user.id, change) && (change.kind === 'identities' || change.kind === 'user' || change.kind === 'sessions-revoked'),
    /**
     * A usable key found by its secret, with its user (verification and login): gone once the key,
     * its secret or its user changes, custom data included (a login puts it in the access token).
     */
    keyBySecret: (found, change) => (change.kind === 'sessions-revoked' && (change.keyId === found.key.id || change.userId === found.owner.id)) ||
        ((change.kind === 'user' || change.kind === 'identities') && change.userId === found.owner.id),
    keyList: (list, change) => ofUser(list.userId, change) && (change.kind === 'keys' || change.kind === 'sessions-revoked'),
};
//# sourceMappingURL=cache-invalidation.js.map