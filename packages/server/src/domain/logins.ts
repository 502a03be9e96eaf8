import { type ProviderType } from '@latchkey/protocol';
import { isObjectId, newObjectId } from '../crypto/ids.js';
import { hashSecret } from '../crypto/secret-hash.js';
import { isExpired } from '../model/api-keys.js';
import type { App } from '../model/apps.js';
import type { Origin } from '../model/audit-events.js';
import { checkPassword, requireProvider } from './credentials.js';
import type { DepsWith } from './deps.js';
import { LatchkeyError } from '../model/errors.js';
import { openSession, type Login } from './session-tokens.js';
import { mayBeApiKey } from './presented-keys.js';
import { newUser, type Identity, type User } from '../model/users.js';
import type { KeyStore, SessionStore, ThrottleStore, UserStore } from '../store/store.js';

/** The store roles this file's services use. */
type Uses = DepsWith<KeyStore & UserStore & SessionStore & ThrottleStore>;

/** What the clients send along with credentials (`options.device`); only the id matters here. */
export interface DeviceInfo {
  deviceId?: unknown;
}

const NO_DEVICE = '000000000000000000000000';

/** Keeps a device id the client already holds, otherwise hands out a new one. */
export function resolveDeviceId(deps: Uses, device: DeviceInfo | undefined): string {
  const given = device?.deviceId;
  return typeof given === 'string' && isObjectId(given) && given !== NO_DEVICE ? given : newObjectId(deps.clock.now());
}

/** What a login attempt learns as it goes, for the audit log when it fails. */
interface Attempt {
  keyId: string | null;
  userId: string | null;
}

/** Runs a login, recording its outcome (the metrics count it from there) and the user's last login. */
export async function audited(
  deps: Uses,
  app: App,
  provider: ProviderType,
  origin: Origin,
  login: (attempt: Attempt) => Promise<Login>,
): Promise<Login> {
  const attempt: Attempt = { keyId: null, userId: null };
  try {
    const done = await login(attempt);
    deps.activity.loggedIn(done.userId);
    const actor = { kind: 'user', userId: done.userId } as const;
    deps.audit.record(app.id, 'login.succeeded', { ...origin, actor }, { userId: done.userId, keyId: attempt.keyId, detail: { provider } });
    return done;
  } catch (error) {
    // A refusal is a failed login; the server unable to decide (5xx: database, hashing queue) is not.
    if (error instanceof LatchkeyError && error.status < 500)
      deps.audit.record(app.id, 'login.failed', origin, {
        userId: attempt.userId,
        keyId: attempt.keyId,
        detail: { provider, code: error.code },
      });
    throw error;
  }
}

export function requireEnabled(user: User): void {
  if (user.disabled) throw new LatchkeyError('UserDisabled', 'this user is disabled');
}

/** The identity's user, created at its first login (registration makes no user). */
async function userOfIdentity(deps: Uses, app: App, identity: Identity): Promise<User> {
  const existing = identity.userId ? (await deps.caches.user(app.id, identity.userId))?.user : undefined;
  if (existing) return existing;
  const created = newUser(newObjectId(deps.clock.now()), app.id, 'normal', deps.clock.now());
  const ownerId = await deps.store.claimIdentity(identity.id, created);
  if (ownerId === created.id) return created;
  // Another login claimed it first: that user is the one.
  const claimed = await deps.caches.user(app.id, ownerId);
  if (!claimed) throw new LatchkeyError('InvalidPassword');
  return claimed.user;
}

export function logInWithPassword(
  deps: Uses,
  app: App,
  username: string,
  password: string,
  origin: Origin,
  device?: DeviceInfo,
): Promise<Login> {
  return audited(deps, app, 'local-userpass', origin, async (attempt) => {
    requireProvider(app, 'local-userpass');
    const identity = await checkPassword(deps, app, username, password, {
      ip: origin.ip,
      noteOwner: (userId) => (attempt.userId = userId),
    });
    const user = await userOfIdentity(deps, app, identity);
    requireEnabled(user);
    return openSession(deps, { app, userId: user.id, deviceId: resolveDeviceId(deps, device), keyId: null, customData: user.customData });
  });
}

/** Every anonymous login is a new user (the clients reuse a logged-in anonymous user themselves). */
export function logInAnonymously(deps: Uses, app: App, origin: Origin, device?: DeviceInfo): Promise<Login> {
  return audited(deps, app, 'anon-user', origin, async () => {
    requireProvider(app, 'anon-user');
    const now = deps.clock.now();
    const user = newUser(newObjectId(now), app.id, 'normal', now);
    const identity: Identity = {
      id: newObjectId(now),
      appId: app.id,
      userId: user.id,
      providerType: 'anon-user',
      email: null,
      passwordHash: null,
      confirmed: true,
      createdAt: now,
    };
    await deps.store.insertUserWithIdentity(user, identity);
    return openSession(deps, { app, userId: user.id, deviceId: resolveDeviceId(deps, device), keyId: null, customData: user.customData });
  });
}

/**
 * User keys and server keys both log in here. A malformed key (wrong prefix, length or
 * checksum) is refused before any database work, unless the app accepts keys brought in by an
 * import (which may be in any format); unknown, disabled and deleted keys get the
 * same answer as malformed ones. A disabled user is told so, as for every provider.
 */
export function logInWithApiKey(deps: Uses, app: App, key: string, origin: Origin, device?: DeviceInfo): Promise<Login> {
  return audited(deps, app, 'api-key', origin, async (attempt) => {
    requireProvider(app, 'api-key');
    if (!mayBeApiKey(app, key)) throw new LatchkeyError('AuthError');
    const secretHash = hashSecret(key);
    // From memory when this key logged in lately (pushed invalidation drops it on any change to
    // the key or its user); the session insert re-checks the key at commit either way.
    const found = await deps.caches.keyBySecret(secretHash);
    if (!found || found.key.appId !== app.id) throw new LatchkeyError('AuthError');
    attempt.keyId = found.key.id;
    attempt.userId = found.owner.id;
    const { key: stored, owner, previous } = found;
    const now = deps.clock.now();
    // Disabled, expired, or an old secret past its grace: all answer as an unknown key does.
    if (stored.disabled || isExpired(stored, now) || (previous && (stored.previousValidUntil ?? 0) <= now)) {
      throw new LatchkeyError('AuthError');
    }
    requireEnabled(owner);
    const login = await openSession(deps, {
      app,
      userId: owner.id,
      deviceId: resolveDeviceId(deps, device),
      keyId: stored.id,
      customData: owner.customData,
      keySecretHash: secretHash,
      scopes: stored.scopes,
      notAfter: Math.min(stored.expiresAt ?? Infinity, previous ? stored.previousValidUntil! : Infinity),
    });
    deps.activity.keyUsed(stored.id, stored.kind === 'user' ? owner.id : null);
    return login;
  });
}
