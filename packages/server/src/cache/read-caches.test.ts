import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newObjectId } from '../crypto/ids.js';
import { openSqliteStore } from '../store/sqlite/sqlite-driver.js';
import type { SqlStore } from '../store/sql/sql-store.js';
import type { Store } from '../store/store.js';
import type { Session } from '../model/sessions.js';
import { DEFAULT_APP_SETTINGS } from '../model/apps.js';
import { ReadCaches } from './read-caches.js';
import { newUser } from '../model/users.js';

/** A key's fields beyond App Services', for a key never used, rotated, scoped or given an expiry. */
const NEVER_ROTATED = { lastUsedAt: null, expiresAt: null, scopes: null, previousSecretHash: null, previousValidUntil: null };

const dir = mkdtempSync(join(tmpdir(), 'latchkey-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('session cache', () => {
  let store: SqlStore;
  let cache: ReadCaches;
  let now = 1_800_000_000_000;
  const clock = { now: () => now };
  const appId = newObjectId();
  let userId: string;
  let keyId: string;

  beforeEach(async () => {
    store = openSqliteStore(join(dir, `${newObjectId()}.db`));
    await store.insertApp({
      id: appId,
      clientAppId: 'cache',
      name: 'cache',
      settings: DEFAULT_APP_SETTINGS,
      webhookSecret: null,
      createdAt: now,
    });
    userId = newObjectId();
    await store.insertUserWithIdentity(newUser(userId, appId, 'normal', now), {
      id: newObjectId(),
      appId,
      userId,
      providerType: 'local-userpass',
      email: 'c@example.com',
      passwordHash: 'x',
      confirmed: true,
      createdAt: now,
    });
    keyId = newObjectId();
    await store.insertUserKeyIfUnderLimit(
      {
        id: keyId,
        appId,
        userId,
        kind: 'user',
        name: 'k',
        secretHash: Buffer.alloc(32, 1),
        disabled: false,
        createdAt: now,
        ...NEVER_ROTATED,
      },
      20,
    );
    cache = new ReadCaches(store, clock, { maxEntries: 3, ttlMs: 60_000 });
  });
  afterEach(async () => {
    cache.close();
    await store.close();
  });

  async function cachedSession(withKey = false): Promise<Session> {
    const session: Session = {
      id: newObjectId(),
      appId,
      userId,
      keyId: withKey ? keyId : null,
      refreshHash: Buffer.alloc(32, 2),
      deviceId: newObjectId(),
      createdAt: now,
      expiresAt: now + 1e9,
      scopes: null,
    };
    expect(await store.insertSession(session, withKey ? Buffer.alloc(32, 1) : null)).toBe(true);
    expect(await cache.session(session.id)).toEqual(session);
    return session;
  }

  it('forgets a session revoked by logout, by its key being disabled or deleted, or by its user being deleted', async () => {
    const loggedOut = await cachedSession();
    await store.deleteSession(loggedOut.id);
    expect(await cache.session(loggedOut.id)).toBeNull();

    const viaKey = await cachedSession(true);
    await store.setKeyDisabled({ kind: 'user', userId }, keyId, true);
    expect(await cache.session(viaKey.id)).toBeNull();

    await store.setKeyDisabled({ kind: 'user', userId }, keyId, false);
    const viaDeletedKey = await cachedSession(true);
    await store.deleteKey({ kind: 'user', userId }, keyId);
    expect(await cache.session(viaDeletedKey.id)).toBeNull();

    const ofUser = await cachedSession();
    await store.deleteUser(appId, userId);
    expect(await cache.session(ofUser.id)).toBeNull();
  });

  it('does not cache a read that a revocation overtook', async () => {
    const session = await cachedSession();
    const other: Session = { ...session, id: newObjectId() };
    await store.insertSession(other, null);
    // The read of `other` is in flight while `other` is revoked: the revocation must win.
    const racing: Store = Object.create(store) as Store;
    racing.findSessionById = async (id) => {
      const found = await store.findSessionById(id);
      await store.deleteSession(other.id);
      return found;
    };
    const racingCache = new ReadCaches(racing, clock, { maxEntries: 10, ttlMs: 60_000 });
    expect(await racingCache.session(other.id)).not.toBeNull();
    expect(await racingCache.session(other.id)).toBeNull();
    racingCache.close();
  });

  it('serves repeated reads from memory, and rereads after the time to live or eviction', async () => {
    let reads = 0;
    const counting: Store = Object.create(store) as Store;
    counting.findSessionById = async (id) => {
      reads++;
      return store.findSessionById(id);
    };
    const countingCache = new ReadCaches(counting, clock, { maxEntries: 3, ttlMs: 60_000 });
    const sessions = [await cachedSession(), await cachedSession(), await cachedSession(), await cachedSession()];
    for (const session of sessions) await countingCache.session(session.id);
    expect(reads).toBe(4);
    await countingCache.session(sessions[3]!.id);
    expect(reads).toBe(4);
    await countingCache.session(sessions[0]!.id); // evicted: the cache holds three
    expect(reads).toBe(5);
    now += 61_000;
    await countingCache.session(sessions[0]!.id);
    expect(reads).toBe(6);
    countingCache.close();
  });

  it('rereads a user after they link an identity, get new custom data, or are deleted', async () => {
    const reads = vi.spyOn(store, 'findUser');
    expect((await cache.user(appId, userId))?.identities).toHaveLength(1);
    expect((await cache.user(appId, userId))?.identities).toHaveLength(1);
    expect(reads).toHaveBeenCalledTimes(1);
    const registered = {
      id: newObjectId(),
      appId,
      userId: null,
      providerType: 'local-userpass' as const,
      email: 'second@example.com',
      passwordHash: 'x',
      confirmed: true,
      createdAt: now,
    };
    await store.insertPasswordIdentity(registered);
    await store.linkIdentity(registered.id, userId);
    expect((await cache.user(appId, userId))?.identities).toHaveLength(2);
    await store.updateCustomUserData(appId, userId, { plan: 'pro' });
    expect((await cache.user(appId, userId))?.user.customData).toEqual({ plan: 'pro' });
    await store.deleteUser(appId, userId);
    expect(await cache.user(appId, userId)).toBeNull();
    expect(reads).toHaveBeenCalledTimes(4);
  });

  it('never answers with a user of another app', async () => {
    expect(await cache.user(appId, userId)).not.toBeNull();
    expect(await cache.user(newObjectId(), userId)).toBeNull();
  });

  it("keeps a user's key list current through creates, disables, enables and deletes", async () => {
    const owner = { kind: 'user' as const, userId };
    const names = async () => (await cache.userKeys(userId)).map((key) => `${key.name}${key.disabled ? ' (disabled)' : ''}`);
    expect(await names()).toEqual(['k']);
    const second = newObjectId();
    await store.insertUserKeyIfUnderLimit(
      {
        id: second,
        appId,
        userId,
        kind: 'user',
        name: 'second',
        secretHash: Buffer.alloc(32, 3),
        disabled: false,
        createdAt: now,
        ...NEVER_ROTATED,
      },
      20,
    );
    expect(await names()).toEqual(['k', 'second']);
    await store.setKeyDisabled(owner, second, true);
    expect(await names()).toEqual(['k', 'second (disabled)']);
    await store.setKeyDisabled(owner, second, false);
    expect(await names()).toEqual(['k', 'second']);
    await store.deleteKey(owner, keyId);
    expect(await names()).toEqual(['second']);
  });
});
