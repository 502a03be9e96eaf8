import { randomBytes } from 'node:crypto';
import { newObjectId } from '../../crypto/ids.js';
import type { ApiKey, KeyOwner } from '../../model/api-keys.js';
import type { App } from '../../model/apps.js';
import type { Session } from '../../model/sessions.js';
import { newUser, type Identity, type User } from '../../model/users.js';
import type { Store } from '../store.js';

/** What every part of the store suite works with: a fresh store and app per test, and entity makers. */
export interface StoreFixture {
  /** A fresh, migrated store holding one app; set before each test. */
  store: Store;
  app: App;
  now: number;
  user: (type?: User['type']) => User;
  identity: (userId: string | null, email?: string | null) => Identity;
  key: (userId: string, name: string, kind?: ApiKey['kind']) => ApiKey;
  session: (userId: string, keyId?: string | null, expiresAt?: number) => Session;
  /** Inserts a session as a login would: one opened with a key presents that key's secret hash. */
  insertSession: (session: Session) => Promise<boolean>;
  /** A user with an anonymous identity, inserted. */
  newUser: () => Promise<User>;
  owner: (user: User) => KeyOwner;
}

export function createFixture(now: number): StoreFixture {
  const secretHashes = new Map<string, Buffer>();
  const fx: StoreFixture = {
    store: undefined as unknown as Store,
    app: undefined as unknown as App,
    now,
    user: (type = 'normal') => newUser(newObjectId(), fx.app.id, type, now),
    identity: (userId, email = null) => ({
      id: newObjectId(),
      appId: fx.app.id,
      userId,
      providerType: email ? 'local-userpass' : 'anon-user',
      email,
      passwordHash: email ? 'hash' : null,
      confirmed: true,
      createdAt: now,
    }),
    key: (userId, name, kind = 'user') => {
      const key: ApiKey = {
        id: newObjectId(),
        appId: fx.app.id,
        userId,
        kind,
        name,
        secretHash: randomBytes(32),
        disabled: false,
        createdAt: now,
        lastUsedAt: null,
        expiresAt: null,
        scopes: null,
        previousSecretHash: null,
        previousValidUntil: null,
      };
      secretHashes.set(key.id, key.secretHash);
      return key;
    },
    insertSession: (session) => fx.store.insertSession(session, session.keyId ? (secretHashes.get(session.keyId) ?? null) : null),
    session: (userId, keyId = null, expiresAt = now + 1000) => ({
      id: newObjectId(),
      appId: fx.app.id,
      userId,
      keyId,
      refreshHash: randomBytes(32),
      deviceId: newObjectId(),
      createdAt: now,
      expiresAt,
      scopes: null,
    }),
    newUser: async () => {
      const created = fx.user();
      await fx.store.insertUserWithIdentity(created, fx.identity(created.id));
      return created;
    },
    owner: (user) => ({ kind: 'user', userId: user.id }),
  };
  return fx;
}

/**
 * The seed of this run's shuffles: LATCHKEY_TEST_SEED when set (to replay a failure), else
 * random, and printed either way, so any order a test saw can be seen again.
 */
export const SHUFFLE_SEED = Number(process.env.LATCHKEY_TEST_SEED ?? randomBytes(4).readUInt32BE(0));
console.log(`store suite shuffle seed: ${SHUFFLE_SEED} (replay with LATCHKEY_TEST_SEED=${SHUFFLE_SEED})`);

/** mulberry32: a small seeded generator, for orders only (never for secrets). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const nextRandom = seeded(SHUFFLE_SEED);

/** A Fisher–Yates shuffle drawn from the run's seed. */
export function shuffled<T>(items: readonly T[]): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(nextRandom() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}
