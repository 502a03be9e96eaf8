import type { ProviderType } from '@latchkey/protocol';
import { newObjectId } from '../crypto/ids.js';
import type { App } from '../model/apps.js';
import type { Origin } from '../model/audit-events.js';
import { LatchkeyError } from '../model/errors.js';
import { requireSessionWithoutKey } from '../model/sessions.js';
import { newUser, type Identity, type User } from '../model/users.js';
import type { KeyStore, SessionStore, ThrottleStore, UserStore } from '../store/store.js';
import { requireProvider } from './credentials.js';
import type { DepsWith } from './deps.js';
import type { Link } from './linking.js';
import { audited, requireEnabled, resolveDeviceId, type DeviceInfo } from './logins.js';
import { userOfSession } from './own-account.js';
import { issueAccessToken, openSession, type AccessContext, type Login } from './session-tokens.js';

/** The store roles this file's services use. */
type Uses = DepsWith<KeyStore & UserStore & SessionStore & ThrottleStore>;

/** Who another system says the caller is: its id for them there, and what it says about them. */
export interface ExternalIdentity {
  provider: ProviderType;
  externalId: string;
  /** Shown in the profile's `data` (email, name, picture, metadata fields); kept as of the latest login. */
  profile: Record<string, unknown>;
}

const sameData = (a: Record<string, unknown> | null | undefined, b: Record<string, unknown>) =>
  JSON.stringify(a ?? {}) === JSON.stringify(b);

function identityFor(app: App, userId: string, external: ExternalIdentity, now: number): Identity {
  return {
    id: newObjectId(now),
    appId: app.id,
    userId,
    providerType: external.provider,
    // Not the login's key (that is the provider's id): an email here is only what the provider said.
    email: null,
    passwordHash: null,
    confirmed: true,
    createdAt: now,
    externalId: external.externalId,
    providerId: null,
    providerData: external.profile,
  };
}

/**
 * The user an external identity belongs to: the same identity always reaches the same user (an
 * imported one included); a first login makes the user. Two first logins at once agree: the
 * loser of the insert finds the winner's identity.
 */
async function userOfExternalIdentity(deps: Uses, app: App, external: ExternalIdentity): Promise<User> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const found = await deps.store.findExternalIdentity(app.id, external.provider, external.externalId);
    if (found?.userId) {
      const record = await deps.caches.user(app.id, found.userId);
      if (!record) throw new LatchkeyError('AuthError', 'that identity has no user any more');
      if (!sameData(found.providerData, external.profile)) await deps.store.updateProviderData(found.id, found.userId, external.profile);
      return record.user;
    }
    const now = deps.clock.now();
    const user = newUser(newObjectId(now), app.id, 'normal', now);
    if ((await deps.store.insertUserWithExternalIdentity(user, identityFor(app, user.id, external, now))) === 'inserted') return user;
  }
  throw new LatchkeyError('ServiceUnavailable', 'that identity is being created by another login; retry');
}

/** Logs the caller in as the user of an identity another system vouched for. */
export function logInWithExternalIdentity(
  deps: Uses,
  app: App,
  provider: ProviderType,
  prove: () => Promise<ExternalIdentity>,
  origin: Origin,
  device?: DeviceInfo,
): Promise<Login> {
  return audited(deps, app, provider, origin, async (attempt) => {
    requireProvider(app, provider);
    const external = await prove();
    const user = await userOfExternalIdentity(deps, app, external);
    attempt.userId = user.id;
    requireEnabled(user);
    return openSession(deps, { app, userId: user.id, deviceId: resolveDeviceId(deps, device), keyId: null, customData: user.customData });
  });
}

/** `?link=true`: adds the identity another system vouched for to the signed-in user. */
export async function linkExternalIdentity(
  deps: Uses,
  app: App,
  access: AccessContext,
  provider: ProviderType,
  prove: () => Promise<ExternalIdentity>,
  origin: Origin,
): Promise<Link> {
  requireProvider(app, provider);
  if (access.session.appId !== app.id) throw new LatchkeyError('InvalidSession');
  requireSessionWithoutKey(access.session, 'link identities');
  const linking = await userOfSession(deps, access.session);
  if (linking.user.type === 'server') throw new LatchkeyError('APIKeySessionNotAllowed', 'a server API key user cannot link identities');
  const external = await prove();
  const existing = await deps.store.findExternalIdentity(app.id, provider, external.externalId);
  if (existing && existing.userId !== access.session.userId) throw new LatchkeyError('IdentityAlreadyLinked');
  if (!existing) {
    const identity = identityFor(app, access.session.userId, external, deps.clock.now());
    if ((await deps.store.insertExternalIdentity(identity)) === 'duplicate') throw new LatchkeyError('IdentityAlreadyLinked');
    deps.audit.record(app.id, 'identity.linked', origin, {
      userId: access.session.userId,
      detail: { linked_identity_id: identity.id, provider },
    });
  }
  return {
    accessToken: issueAccessToken(deps, app, access.session, linking.user.customData),
    userId: access.session.userId,
    deviceId: access.session.deviceId,
  };
}
