/** A new, enabled user that has never logged in. */
export function newUser(id, appId, type, now) {
    return { id, appId, type, createdAt: now, customData: {}, disabled: false, lastLoginAt: null };
}
/** Anonymous means every identity the user has is anonymous: linking an email makes them a full user. */
export function isAnonymous({ identities }) {
    return identities.length > 0 && identities.every((identity) => identity.providerType === 'anon-user');
}
//# sourceMappingURL=users.js.map