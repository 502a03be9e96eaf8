import { STALE_AFTER } from './cache-invalidation.js';
import { NO_METRICS } from './metrics.js';
import { PushedCache } from './pushed-cache.js';
/**
 * What authenticated requests read again and again, held in memory: sessions (every
 * request), users with their identities (GET /auth/profile, token refresh, key creation) and
 * each user's key list (GET /auth/api_keys). Measured under load, the three database reads
 * behind GET /auth/profile were about 40% of its CPU. Revocation and every other change stay
 * immediate: which change drops what is in cache-invalidation.ts.
 *
 * Key lookups for login are deliberately not cached: a login is the first use of a key on a
 * device, rarely repeated, and the benchmark's many-keys scenario must measure the database.
 */
const TTL_MS = 60_000;
/**
 * Bounds chosen for memory, not hit rate: a session or user record is well under 1 KiB (custom
 * data aside), a key list up to 20 keys of a few hundred bytes, so the worst case stays near
 * 50 MiB in all.
 */
const DEFAULTS = { sessions: 20_000, users: 20_000, keyLists: 5_000, keysBySecret: 20_000 };
export class ReadCaches {
    store;
    sessions;
    users;
    keyLists;
    keysBySecret;
    constructor(store, clock, options, metrics = NO_METRICS) {
        this.store = store;
        const bounded = (maxEntries) => options ?? { maxEntries, ttlMs: TTL_MS };
        this.sessions = new PushedCache(store, clock, bounded(DEFAULTS.sessions), STALE_AFTER.session, (hit) => metrics.cacheLookup('sessions', hit));
        this.users = new PushedCache(store, clock, bounded(DEFAULTS.users), STALE_AFTER.userRecord, (hit) => metrics.cacheLookup('users', hit));
        this.keyLists = new PushedCache(store, clock, bounded(DEFAULTS.keyLists), STALE_AFTER.keyList, (hit) => metrics.cacheLookup('key_lists', hit));
        this.keysBySecret = new PushedCache(store, clock, bounded(DEFAULTS.keysBySecret), STALE_AFTER.keyBySecret, (hit) => metrics.cacheLookup('verified_keys', hit));
    }
    session(sessionId) {
        return this.sessions.get(sessionId, () => this.store.findSessionById(sessionId));
    }
    /** The user with their identities, never one of another app. */
    async user(appId, userId) {
        const record = await this.users.get(userId, async () => {
            const user = await this.store.findUser(appId, userId);
            return user ? { user, identities: await this.store.listIdentities(user.id) } : null;
        });
        return record?.user.appId === appId ? record : null;
    }
    async userKeys(userId) {
        const list = await this.keyLists.get(userId, async () => ({ userId, keys: await this.store.listKeys({ kind: 'user', userId }) }));
        return list?.keys ?? [];
    }
    /**
     * The key a secret belongs to, with its user: for verification (a backend checking keys it is
     * handed, the same key again and again) and for logins (a script or device logging in again
     * and again). Only usable keys by their current secret are remembered; a
     * disabled key, a disabled owner or a previous secret is read from the database each time.
     */
    async keyBySecret(secretHash) {
        let unremembered = null;
        const remembered = await this.keysBySecret.get(secretHash.toString('base64'), async () => {
            const found = await this.store.findKeyAndOwnerByHash(secretHash);
            if (!found || !(found.key.disabled || found.owner.disabled || found.previous))
                return found;
            unremembered = found;
            return null;
        });
        return remembered ?? unremembered;
    }
    close() {
        this.keysBySecret.close();
        this.sessions.close();
        this.users.close();
        this.keyLists.close();
    }
}
//# sourceMappingURL=read-caches.js.map