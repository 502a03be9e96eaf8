import type { ApiKey } from '../model/api-keys.js';
import { STALE_AFTER } from './cache-invalidation.js';
import type { Clock } from '../model/clock.js';
import { NO_METRICS, type Metrics } from '../model/metrics.js';
import { PushedCache, type PushedCacheOptions } from './pushed-cache.js';
import type { Session } from '../model/sessions.js';
import type { UserRecord } from '../model/users.js';
import type { KeyAndOwner, Store } from '../store/store.js';

/**
 * What authenticated requests read again and again, held in memory: sessions (every
 * request), users with their identities (GET /auth/profile, token refresh, key creation),
 * each user's key list (GET /auth/api_keys), and usable keys found by their secret (API-key
 * logins and verifications; the lookup is by the secret's hash). Measured under load, the three
 * database reads behind GET /auth/profile were about 40% of its CPU. Revocation and every other
 * change stay immediate: which change drops what is in cache-invalidation.ts.
 */
const TTL_MS = 60_000;
/**
 * Bounds chosen for memory, not hit rate: a session or user record is well under 1 KiB (custom
 * data aside), a key list up to 20 keys of a few hundred bytes, so the worst case stays near
 * 50 MiB in all.
 */
const DEFAULTS = { sessions: 20_000, users: 20_000, keyLists: 5_000, keysBySecret: 20_000 };

export class ReadCaches {
  private readonly sessions: PushedCache<Session>;
  private readonly users: PushedCache<UserRecord>;
  private readonly keyLists: PushedCache<{ userId: string; keys: ApiKey[] }>;
  private readonly keysBySecret: PushedCache<KeyAndOwner>;

  constructor(
    private readonly store: Store,
    clock: Clock,
    options?: PushedCacheOptions,
    metrics: Pick<Metrics, 'cacheLookup'> = NO_METRICS,
  ) {
    const bounded = (maxEntries: number): PushedCacheOptions => options ?? { maxEntries, ttlMs: TTL_MS };
    this.sessions = new PushedCache(store, clock, bounded(DEFAULTS.sessions), STALE_AFTER.session, (hit) =>
      metrics.cacheLookup('sessions', hit),
    );
    this.users = new PushedCache(store, clock, bounded(DEFAULTS.users), STALE_AFTER.userRecord, (hit) => metrics.cacheLookup('users', hit));
    this.keyLists = new PushedCache(store, clock, bounded(DEFAULTS.keyLists), STALE_AFTER.keyList, (hit) =>
      metrics.cacheLookup('key_lists', hit),
    );
    this.keysBySecret = new PushedCache<KeyAndOwner>(store, clock, bounded(DEFAULTS.keysBySecret), STALE_AFTER.keyBySecret, (hit) =>
      metrics.cacheLookup('verified_keys', hit),
    );
  }

  session(sessionId: string): Promise<Session | null> {
    return this.sessions.get(sessionId, () => this.store.findSessionById(sessionId));
  }

  /** The user with their identities, never one of another app. */
  async user(appId: string, userId: string): Promise<UserRecord | null> {
    const record = await this.users.get(userId, async () => {
      const user = await this.store.findUser(appId, userId);
      return user ? { user, identities: await this.store.listIdentities(user.id) } : null;
    });
    return record?.user.appId === appId ? record : null;
  }

  async userKeys(userId: string): Promise<ApiKey[]> {
    const list = await this.keyLists.get(userId, async () => ({ userId, keys: await this.store.listKeys({ kind: 'user', userId }) }));
    return list?.keys ?? [];
  }

  /**
   * The key a secret belongs to, with its user: for verification (a backend checking keys it is
   * handed, the same key again and again) and for logins (a script or device logging in again
   * and again). Only usable keys by their current secret are remembered; a
   * disabled key, a disabled owner or a previous secret is read from the database each time.
   */
  async keyBySecret(secretHash: Buffer): Promise<KeyAndOwner | null> {
    let unremembered: KeyAndOwner | null = null;
    const remembered = await this.keysBySecret.get(secretHash.toString('base64'), async () => {
      const found = await this.store.findKeyAndOwnerByHash(secretHash);
      if (!found || !(found.key.disabled || found.owner.disabled || found.previous)) return found;
      unremembered = found;
      return null;
    });
    return remembered ?? unremembered;
  }

  close(): void {
    this.keysBySecret.close();
    this.sessions.close();
    this.users.close();
    this.keyLists.close();
  }
}
