import { newObjectId } from '../crypto/ids.js';
import { generateSecret, parseSecretKind } from '../crypto/key-format.js';
import { hashSecret } from '../crypto/secret-hash.js';
import { mayBeApiKey, mayBeImportedKey } from './presented-keys.js';
import { isExpired, type ApiKey, type CreatedApiKey, type KeyOwner } from '../model/api-keys.js';
import type { App } from '../model/apps.js';
import type { DepsWith } from './deps.js';
import { LatchkeyError } from '../model/errors.js';
import { requireSessionWithoutKey, type Session } from '../model/sessions.js';
import { userOfSession } from './own-account.js';
import { isAnonymous, newUser, type Identity, type User } from '../model/users.js';
import type { Origin } from '../model/audit-events.js';
import type { Work } from './background-work.js';
import type { KeyStore, SessionStore, UserStore } from '../store/store.js';

/** The store roles this file's services use. */
type Uses = DepsWith<KeyStore & UserStore & SessionStore>;

/** What a new user key may be given beyond its name (all optional: App Services sent only the name). */
export interface KeyOptions {
  name: string;
  /** Milliseconds since the epoch, in the future and within the app's maxApiKeyLifetimeDays. */
  expiresAt?: number | undefined;
  /** A subset of the app's apiKeyScopes. */
  scopes?: string[] | undefined;
}

const DAY_MS = 86_400_000;

function newKey(deps: Uses, appId: string, userId: string, kind: ApiKey['kind'], options: KeyOptions): CreatedApiKey {
  const secret = generateSecret(kind === 'user' ? 'user-key' : 'server-key');
  const key: ApiKey = {
    id: newObjectId(deps.clock.now()),
    appId,
    userId,
    kind,
    name: options.name,
    secretHash: hashSecret(secret),
    disabled: false,
    createdAt: deps.clock.now(),
    lastUsedAt: null,
    expiresAt: options.expiresAt ?? null,
    scopes: options.scopes ?? null,
    previousSecretHash: null,
    previousValidUntil: null,
  };
  return { key, secret };
}

/** Expiry in the future and within the app's limit (a limit with no expiry given sets it); scopes among the app's. */
function checkKeyOptions(deps: Uses, app: App, options: KeyOptions): KeyOptions {
  const now = deps.clock.now();
  const lifetimeDays = app.settings.maxApiKeyLifetimeDays;
  let expiresAt = options.expiresAt;
  if (expiresAt !== undefined && expiresAt <= now) throw new LatchkeyError('InvalidParameter', 'expires_at must be in the future');
  if (lifetimeDays > 0) {
    const latest = now + lifetimeDays * DAY_MS;
    if (expiresAt !== undefined && expiresAt > latest) {
      throw new LatchkeyError('InvalidParameter', `expires_at must be within ${lifetimeDays} days (this app's maxApiKeyLifetimeDays)`);
    }
    expiresAt ??= latest;
  }
  const scopes = options.scopes;
  if (scopes !== undefined) {
    const allowed = new Set(app.settings.apiKeyScopes);
    const unknown = scopes.filter((scope) => !allowed.has(scope));
    if (unknown.length > 0 || scopes.length === 0) {
      throw new LatchkeyError('InvalidParameter', "scopes must be a non-empty subset of the app's apiKeyScopes");
    }
  }
  return { name: options.name, expiresAt, scopes: scopes === undefined ? undefined : [...new Set(scopes)].sort() };
}

function refuseUnlessInserted(result: 'inserted' | 'duplicate' | 'limit', limit: number): void {
  if (result === 'duplicate') throw new LatchkeyError('APIKeyAlreadyExists');
  if (result === 'limit') throw new LatchkeyError('APIKeyLimitReached', `at most ${limit} API keys are allowed`);
}

/** Anonymous users and server users cannot own user keys (App Services' rule). */
async function requireKeyOwner(deps: Uses, session: Session): Promise<void> {
  const record = await userOfSession(deps, session);
  if (record.user.type === 'server' || isAnonymous(record)) {
    throw new LatchkeyError('APIKeyNotAllowed', 'anonymous users and server API key users cannot create user API keys');
  }
}

/** What the audit log says about a key: its kind and name, never its secret. */
const keyDetail = (key: ApiKey) => ({ kind: key.kind, name: key.name });
const ownerUserId = (owner: KeyOwner) => (owner.kind === 'user' ? owner.userId : null);

export async function createUserApiKey(
  deps: Uses,
  app: App,
  session: Session,
  options: KeyOptions,
  origin: Origin,
): Promise<CreatedApiKey> {
  // Who may own keys at all comes first: a server user's session is a key session too, but
  // "this user cannot own user API keys" is the answer that tells it why.
  await requireKeyOwner(deps, session);
  requireSessionWithoutKey(session, 'create API keys');
  const created = newKey(deps, session.appId, session.userId, 'user', checkKeyOptions(deps, app, options));
  refuseUnlessInserted(await deps.store.insertUserKeyIfUnderLimit(created.key, app.settings.maxUserApiKeys), app.settings.maxUserApiKeys);
  deps.audit.record(app.id, 'key.created', origin, { userId: session.userId, keyId: created.key.id, detail: keyDetail(created.key) });
  return created;
}

export async function listApiKeys(deps: Uses, owner: KeyOwner): Promise<ApiKey[]> {
  return owner.kind === 'user' ? deps.caches.userKeys(owner.userId) : deps.store.listKeys(owner);
}

/** Someone else's key answers exactly like a key that never existed. */
export async function getApiKey(deps: Uses, owner: KeyOwner, keyId: string): Promise<ApiKey> {
  const key = await deps.store.findKey(owner, keyId);
  if (!key) throw new LatchkeyError('APIKeyNotFound');
  return key;
}

export async function setApiKeyDisabled(
  deps: Uses,
  appId: string,
  owner: KeyOwner,
  keyId: string,
  disabled: boolean,
  origin: Origin,
): Promise<void> {
  if (!(await deps.store.setKeyDisabled(owner, keyId, disabled))) throw new LatchkeyError('APIKeyNotFound');
  deps.audit.record(appId, disabled ? 'key.disabled' : 'key.enabled', origin, {
    userId: ownerUserId(owner),
    keyId,
    detail: { kind: owner.kind },
  });
}

export async function deleteApiKey(deps: Uses, appId: string, owner: KeyOwner, keyId: string, origin: Origin): Promise<void> {
  if (!(await deps.store.deleteKey(owner, keyId))) throw new LatchkeyError('APIKeyNotFound');
  deps.audit.record(appId, 'key.deleted', origin, { userId: ownerUserId(owner), keyId, detail: { kind: owner.kind } });
}

/** A server key logs in as a `server` user that exists only through that key. */
export async function createServerApiKey(deps: Uses, app: App, name: string, origin: Origin): Promise<CreatedApiKey> {
  const now = deps.clock.now();
  const user: User = newUser(newObjectId(now), app.id, 'server', now);
  const created = newKey(deps, app.id, user.id, 'server', { name });
  const identity: Identity = {
    id: created.key.id,
    appId: app.id,
    userId: user.id,
    providerType: 'api-key',
    email: null,
    passwordHash: null,
    confirmed: true,
    createdAt: now,
  };
  const limit = app.settings.maxServerApiKeys;
  refuseUnlessInserted(await deps.store.insertServerKeyIfUnderLimit(created.key, user, identity, limit), limit);
  deps.audit.record(app.id, 'key.created', origin, { userId: user.id, keyId: created.key.id, detail: keyDetail(created.key) });
  return created;
}

/**
 * A new secret for the key (same id, name, scopes and expiry). The old secret logs in for
 * `graceSeconds` more, and the sessions it opened end then; with 0 (a leak), they end now.
 */
export async function rotateApiKey(
  deps: Uses,
  appId: string,
  owner: KeyOwner,
  keyId: string,
  graceSeconds: number,
  origin: Origin,
): Promise<CreatedApiKey> {
  const existing = await deps.store.findKey(owner, keyId);
  if (!existing) throw new LatchkeyError('APIKeyNotFound');
  const secret = generateSecret(existing.kind === 'user' ? 'user-key' : 'server-key');
  const graceUntil = graceSeconds > 0 ? deps.clock.now() + graceSeconds * 1000 : null;
  const key = await deps.store.rotateKey(owner, keyId, hashSecret(secret), graceUntil);
  if (!key) throw new LatchkeyError('APIKeyNotFound');
  deps.audit.record(appId, 'key.rotated', origin, {
    userId: ownerUserId(owner),
    keyId,
    detail: { kind: key.kind, grace_seconds: graceSeconds },
  });
  return { key, secret };
}

/**
 * Anyone who finds a key may kill it (GitHub's way with leaked tokens): each well-formed
 * secret that belongs to a key disables it, or ends the grace of a rotated key's old secret,
 * with every session the key opened. The request is kept durably now, the same for every
 * secret; the returned work carries it out after the caller has been answered, so neither the
 * answer nor its time tells which keys existed.
 */
export async function requestLeakedSecretsRevocation(deps: Uses, secrets: string[], origin: Origin): Promise<Work> {
  const secretHashes = secrets
    .filter((secret) => {
      const kind = parseSecretKind(secret);
      return kind === 'user-key' || kind === 'server-key' || mayBeImportedKey(secret);
    })
    .map((secret) => hashSecret(secret));
  if (secretHashes.length === 0) return async () => undefined;
  const now = deps.clock.now();
  const id = newObjectId(now);
  await deps.store.insertRevocationRequest({ id, secretHashes, ip: origin.ip, userAgent: origin.userAgent, requestedAt: now });
  return () => carryOutRevocation(deps, id);
}

/** Revokes what a kept request names, and records each key it revoked. */
export async function carryOutRevocation(deps: Uses, requestId: string): Promise<void> {
  const done = await deps.store.carryOutRevocationRequest(requestId);
  if (!done) return;
  const origin: Origin = { actor: { kind: 'anonymous' }, ip: done.request.ip, userAgent: done.request.userAgent };
  for (const { key, previous } of done.revoked) {
    deps.audit.record(key.appId, 'key.revoked_as_leaked', origin, {
      userId: key.kind === 'user' ? key.userId : null,
      keyId: key.id,
      detail: { kind: key.kind, secret: previous ? 'previous' : 'current' },
    });
  }
}

/** Requests kept but not carried out (the process stopped between answer and work), older than a moment. Returns how many. */
export async function carryOutLeftRevocations(deps: Uses, olderThanMs = 10_000): Promise<number> {
  const ids = await deps.store.listRevocationRequests(deps.clock.now() - olderThanMs);
  for (const id of ids) await carryOutRevocation(deps, id);
  return ids.length;
}

export type Verification =
  { valid: true; key: ApiKey; userId: string; expiresAt: number | null } | { valid: false; code: 'NOT_FOUND' | 'DISABLED' | 'EXPIRED' };

/**
 * Whether a key another party handed to this app's backend is good, without opening a
 * session: for backends that accept Latchkey keys directly. Only a server user of the app may
 * ask (a backend that logged in with a server key). A use, for the key's last-used time.
 */
export async function verifyApiKey(deps: Uses, app: App, caller: Session, secret: string): Promise<Verification> {
  const record = await userOfSession(deps, caller);
  if (record.user.type !== 'server' || caller.appId !== app.id) {
    throw new LatchkeyError('ServerUserRequired', "only a server API key's session of this app may verify keys");
  }
  if (!mayBeApiKey(app, secret)) return { valid: false, code: 'NOT_FOUND' };
  const found = await deps.caches.keyBySecret(hashSecret(secret));
  const now = deps.clock.now();
  if (!found || found.key.appId !== app.id) return { valid: false, code: 'NOT_FOUND' };
  const { key, owner, previous } = found;
  if (previous && (key.previousValidUntil ?? 0) <= now) return { valid: false, code: 'NOT_FOUND' };
  if (key.disabled || owner.disabled) return { valid: false, code: 'DISABLED' };
  if (isExpired(key, now)) return { valid: false, code: 'EXPIRED' };
  deps.activity.keyUsed(key.id, key.kind === 'user' ? key.userId : null);
  const expiresAt = previous ? Math.min(key.expiresAt ?? Infinity, key.previousValidUntil!) : key.expiresAt;
  return { valid: true, key, userId: owner.id, expiresAt };
}
