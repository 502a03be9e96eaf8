import { isObjectId, newObjectId } from '../crypto/ids.js';
import { parseSecretKind } from '../crypto/key-format.js';
import { hashPassword, spendPasswordVerification, verifyPassword } from '../crypto/password.js';
import { hashSecret } from '../crypto/secret-hash.js';
import { isProviderEnabled, type App, type ProviderType } from './apps.js';
import type { Deps } from './deps.js';
import { startConfirmation } from './confirmation.js';
import { normaliseEmail, parseNewEmail } from './emails.js';
import { LatchkeyError } from './errors.js';
import { issueAccessToken, openSession, type AccessContext, type Login } from './session-tokens.js';
import { requireSessionWithoutKey } from './sessions.js';
import { userOfSession } from './user-accounts.js';
import type { Identity, User } from './users.js';

/** What the clients send along with credentials (`options.device`); only the id matters here. */
export interface DeviceInfo {
  deviceId?: unknown;
}

const NO_DEVICE = '000000000000000000000000';
export const PASSWORD_LENGTH = { minimum: 6, maximum: 128 } as const;

/** Keeps a device id the client already holds, otherwise hands out a new one. */
export function resolveDeviceId(deps: Deps, device: DeviceInfo | undefined): string {
  const given = device?.deviceId;
  return typeof given === 'string' && isObjectId(given) && given !== NO_DEVICE ? given : newObjectId(deps.clock.now());
}

function requireProvider(app: App, provider: ProviderType): void {
  if (!isProviderEnabled(app, provider)) {
    throw new LatchkeyError('AuthProviderNotFound', `authentication via '${String(provider)}' is not enabled for this app`);
  }
}

/** Registration confirms at once: the identity exists, its user is created at first login. */
export function checkNewPassword(password: string): void {
  if (password.length < PASSWORD_LENGTH.minimum || password.length > PASSWORD_LENGTH.maximum) {
    throw new LatchkeyError(
      'InvalidParameter',
      `password must be between ${PASSWORD_LENGTH.minimum} and ${PASSWORD_LENGTH.maximum} characters`,
    );
  }
}

/**
 * Registration makes the identity; its user is created at the first login. Apps that confirm
 * at once (`autoConfirm`, the default) are done here; the others start a confirmation, by
 * mail or through their webhook.
 */
export async function registerWithPassword(deps: Deps, app: App, email: string, password: string): Promise<void> {
  requireProvider(app, 'local-userpass');
  const normalised = parseNewEmail(email);
  checkNewPassword(password);
  const identity: Identity = {
    id: newObjectId(deps.clock.now()),
    appId: app.id,
    userId: null,
    providerType: 'local-userpass',
    email: normalised,
    passwordHash: await hashPassword(password),
    confirmed: app.settings.autoConfirm,
    createdAt: deps.clock.now(),
  };
  if ((await deps.store.insertPasswordIdentity(identity)) === 'duplicate')
    throw new LatchkeyError('AccountNameInUse', 'name already in use');
  if (!identity.confirmed) await startConfirmation(deps, app, identity);
}

function newUser(deps: Deps, app: App, type: User['type']): User {
  return { id: newObjectId(deps.clock.now()), appId: app.id, type, createdAt: deps.clock.now(), customData: {} };
}

/** The identity behind an email and password; one refusal for every way it can be wrong. */
async function checkPassword(deps: Deps, app: App, username: string, password: string): Promise<Identity> {
  const identity = await deps.store.findPasswordIdentity(app.id, normaliseEmail(username));
  if (!identity?.passwordHash) {
    await spendPasswordVerification(password);
    throw new LatchkeyError('InvalidPassword');
  }
  if (!(await verifyPassword(password, identity.passwordHash))) throw new LatchkeyError('InvalidPassword');
  // Said only to whoever knows the password, so it reveals nothing to anyone else.
  if (!identity.confirmed) throw new LatchkeyError('UserNotConfirmed', 'confirm your email address before logging in');
  return identity;
}

/** The identity's user, created at its first login (registration makes no user). */
async function userOfIdentity(deps: Deps, app: App, identity: Identity): Promise<User> {
  const existing = identity.userId ? (await deps.caches.user(app.id, identity.userId))?.user : undefined;
  if (existing) return existing;
  const created = newUser(deps, app, 'normal');
  const ownerId = await deps.store.claimIdentity(identity.id, created);
  if (ownerId === created.id) return created;
  // Another login claimed it first: that user is the one.
  const claimed = await deps.caches.user(app.id, ownerId);
  if (!claimed) throw new LatchkeyError('InvalidPassword');
  return claimed.user;
}

export async function logInWithPassword(deps: Deps, app: App, username: string, password: string, device?: DeviceInfo): Promise<Login> {
  requireProvider(app, 'local-userpass');
  const identity = await checkPassword(deps, app, username, password);
  const user = await userOfIdentity(deps, app, identity);
  return openSession(deps, { app, userId: user.id, deviceId: resolveDeviceId(deps, device), keyId: null, customData: user.customData });
}

/** Every anonymous login is a new user (the clients reuse a logged-in anonymous user themselves). */
export async function logInAnonymously(deps: Deps, app: App, device?: DeviceInfo): Promise<Login> {
  requireProvider(app, 'anon-user');
  const user = newUser(deps, app, 'normal');
  const identity: Identity = {
    id: newObjectId(deps.clock.now()),
    appId: app.id,
    userId: user.id,
    providerType: 'anon-user',
    email: null,
    passwordHash: null,
    confirmed: true,
    createdAt: deps.clock.now(),
  };
  await deps.store.insertUserWithIdentity(user, identity);
  return openSession(deps, { app, userId: user.id, deviceId: resolveDeviceId(deps, device), keyId: null, customData: user.customData });
}

/**
 * User keys and server keys both log in here. A malformed key (wrong prefix, length or
 * checksum) is refused before any database work; unknown, disabled and deleted keys get the
 * same answer as malformed ones.
 */
export async function logInWithApiKey(deps: Deps, app: App, key: string, device?: DeviceInfo): Promise<Login> {
  requireProvider(app, 'api-key');
  const kind = parseSecretKind(key);
  if (kind !== 'user-key' && kind !== 'server-key') throw new LatchkeyError('AuthError');
  const found = await deps.store.findKeyAndOwnerByHash(hashSecret(key));
  if (!found || found.key.disabled || found.key.appId !== app.id) throw new LatchkeyError('AuthError');
  const { key: stored, owner } = found;
  return openSession(deps, {
    app,
    userId: owner.id,
    deviceId: resolveDeviceId(deps, device),
    keyId: stored.id,
    customData: owner.customData,
  });
}

/** What `?link=true` answers: a fresh access token for the same session, and no refresh token. */
export type Link = Omit<Login, 'refreshToken'>;

/**
 * `?link=true`: attaches an email/password identity to the signed-in user (typically an
 * anonymous one, who keeps their id and becomes a full user).
 */
export async function linkPasswordIdentity(deps: Deps, app: App, access: AccessContext, username: string, password: string): Promise<Link> {
  requireProvider(app, 'local-userpass');
  if (access.session.appId !== app.id) throw new LatchkeyError('InvalidSession');
  requireSessionWithoutKey(access.session, 'link identities');
  const linking = await userOfSession(deps, access.session);
  // Server users exist only through their server key; an identity must not outlive the key.
  if (linking.user.type === 'server') throw new LatchkeyError('APIKeySessionNotAllowed', 'a server API key user cannot link identities');
  const identity = await checkPassword(deps, app, username, password);
  if (!(await deps.store.linkIdentity(identity.id, access.session.userId))) throw new LatchkeyError('IdentityAlreadyLinked');
  return {
    accessToken: issueAccessToken(deps, app, access.session, linking.user.customData),
    userId: access.session.userId,
    deviceId: access.session.deviceId,
  };
}
