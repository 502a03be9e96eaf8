import type { ApiKey } from './api-keys.js';
import type { Clock } from './clock.js';
import { type Metrics } from './metrics.js';
import { type PushedCacheOptions } from './pushed-cache.js';
import type { Session } from './sessions.js';
import type { UserRecord } from './users.js';
import type { KeyAndOwner, Store } from '../store/store.js';
export declare class ReadCaches {
    private readonly store;
    private readonly sessions;
    private readonly users;
    private readonly keyLists;
    private readonly keysBySecret;
    constructor(store: Store, clock: Clock, options?: PushedCacheOptions, metrics?: Pick<Metrics, 'cacheLookup'>);
    session(sessionId: string): Promise<Session | null>;
    /** The user with their identities, never one of another app. */
    user(appId: string, userId: string): Promise<UserRecord | null>;
    userKeys(userId: string): Promise<ApiKey[]>;
    /**
     * The key a secret belongs to, with its user: for verification (a backend checking keys it is
     * handed, the same key again and again) and for logins (a script or device logging in again
     * and again). Only usable keys by their current secret are remembered; a
     * disabled key, a disabled owner or a previous secret is read from the database each time.
     */
    keyBySecret(secretHash: Buffer): Promise<KeyAndOwner | null>;
    close(): void;
}
