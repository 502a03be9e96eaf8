import { newObjectId } from '../crypto/ids.js';
import { generateSecret } from '../crypto/key-format.js';
import { hashSecret } from '../crypto/secret-hash.js';
import type { ApiKey, CreatedApiKey, KeyOwner } from './api-keys.js';
import type { App } from './apps.js';
import type { Deps } from './deps.js';
import { LatchkeyError } from './errors.js';
import { requireSessionWithoutKey, type Session } from './sessions.js';
import { userOfSession } from './user-accounts.js';
import { isAnonymous, newUser, type Identity, type User } from './users.js';
import type { Origin } from './audit.js';

function newKey(deps: Deps, appId: string, userId: string, kind: ApiKey['kind'], name: string): CreatedApiKey {
  const secret = generateSecret(kind === 'user' ? 'user-key' : 'server-key');
  const key: ApiKey = {
    id: newObjectId(deps.clock.now()),
    appId,
    userId,
    kind,
    name,
    secretHash: hashSecret(secret),
    disabled: false,
    createdAt: deps.clock.now(),
  };
  return { key, secret };
}

function refuseUnlessInserted(result: 'inserted' | 'duplicate' | 'limit', limit: number): void {
  if (result === 'duplicate') throw new LatchkeyError('APIKeyAlreadyExists');
  if (result === 'limit') throw new LatchkeyError('APIKeyLimitReached', `at most ${limit} API keys are allowed`);
}

/** Anonymous users and server users cannot own user keys (App Services' rule). */
async function requireKeyOwner(deps: Deps, session: Session): Promise<void> {
  const record = await userOfSession(deps, session);
  if (record.user.type === 'server' || isAnonymous(record)) {
    throw new LatchkeyError('APIKeyNotAllowed', 'anonymous users and server API key users cannot create user API keys');
  }
}

/** What the audit log says about a key: its kind and name, never its secret. */
const keyDetail = (key: ApiKey) => ({ kind: key.kind, name: key.name });
const ownerUserId = (owner: KeyOwner) => (owner.kind === 'user' ? owner.userId : null);

export async function createUserApiKey(deps: Deps, app: App, session: Session, name: string, origin: Origin): Promise<CreatedApiKey> {
  // Who may own keys at all comes first: a server user's session is a key session too, but
  // "this user cannot own user API keys" is the answer that tells it why.
  await requireKeyOwner(deps, session);
  requireSessionWithoutKey(session, 'create API keys');
  const created = newKey(deps, session.appId, session.userId, 'user', name);
  refuseUnlessInserted(await deps.store.insertUserKeyIfUnderLimit(created.key, app.settings.maxUserApiKeys), app.settings.maxUserApiKeys);
  deps.audit.record(app.id, 'key.created', origin, { userId: session.userId, keyId: created.key.id, detail: keyDetail(created.key) });
  return created;
}

export async function listApiKeys(deps: Deps, owner: KeyOwner): Promise<ApiKey[]> {
  return owner.kind === 'user' ? deps.caches.userKeys(owner.userId) : deps.store.listKeys(owner);
}

/** Someone else's key answers exactly like a key that never existed. */
export async function getApiKey(deps: Deps, owner: KeyOwner, keyId: string): Promise<ApiKey> {
  const key = await deps.store.findKey(owner, keyId);
  if (!key) throw new LatchkeyError('APIKeyNotFound');
  return key;
}

export async function setApiKeyDisabled(
  deps: Deps,
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

export async function deleteApiKey(deps: Deps, appId: string, owner: KeyOwner, keyId: string, origin: Origin): Promise<void> {
  if (!(await deps.store.deleteKey(owner, keyId))) throw new LatchkeyError('APIKeyNotFound');
  deps.audit.record(appId, 'key.deleted', origin, { userId: ownerUserId(owner), keyId, detail: { kind: owner.kind } });
}

/** A server key logs in as a `server` user that exists only through that key. */
export async function createServerApiKey(deps: Deps, app: App, name: string, origin: Origin): Promise<CreatedApiKey> {
  const now = deps.clock.now();
  const user: User = newUser(newObjectId(now), app.id, 'server', now);
  const created = newKey(deps, app.id, user.id, 'server', name);
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
