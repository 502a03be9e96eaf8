import type { AccessClaims } from '../crypto/access-tokens.js';
import { newObjectId } from '../crypto/ids.js';
import { issueRefreshToken, sessionIdOfRefreshToken } from '../crypto/refresh-tokens.js';
import { hashSecret, secretMatchesHash } from '../crypto/secret-hash.js';
import { appOfSession } from './app-management.js';
import type { App } from '../model/apps.js';
import type { Origin } from '../model/audit-events.js';
import type { CustomUserData } from '../model/custom-data.js';
import type { DepsWith } from './deps.js';
import { LatchkeyError } from '../model/errors.js';
import type { Session } from '../model/sessions.js';
import { userOfSession } from './own-account.js';
import type { SessionStore, UserStore } from '../store/store.js';

/** The store roles this file's services use. */
type Uses = DepsWith<SessionStore & UserStore>;

/** What a login hands the client: both tokens, and who and which device they are for. */
export interface Login {
  accessToken: string;
  refreshToken: string;
  userId: string;
  deviceId: string;
}

export interface SessionSubject {
  app: App;
  userId: string;
  deviceId: string;
  keyId: string | null;
  /** The user's custom data, carried in every access token as `user_data`. */
  customData: CustomUserData;
  /** Opened with a key: the hash of the secret used, which must still be the key's at commit. */
  keySecretHash?: Buffer;
  /** The key's scopes (null: unscoped). */
  scopes?: string[] | null;
  /** The session ends by then at the latest (the key's expiry, or its old secret's grace). */
  notAfter?: number | null;
}

/** An access token for the session, carrying the user's custom data as it is now. */
/** An access token for the session, carrying the user's custom data as it is now; it never outlives its session. */
export function issueAccessToken(deps: Uses, app: App, session: Session, customData: CustomUserData): string {
  const iat = Math.floor(deps.clock.now() / 1000);
  return deps.tokens.sign({
    sub: session.userId,
    sid: session.id,
    aud: app.clientAppId,
    baas_domain_id: app.id,
    baas_device_id: session.deviceId,
    iat,
    exp: Math.min(iat + app.settings.accessTokenTtlSeconds, Math.floor(session.expiresAt / 1000)),
    user_data: customData,
    ...(session.scopes ? { scope: session.scopes.join(' ') } : {}),
  });
}

/**
 * A revocation won the race with this login (or this node's cached user was stale): the user
 * was disabled or deleted, or the key disabled or deleted, in the meantime. The database says which.
 */
async function whyRefused(deps: Uses, subject: SessionSubject): Promise<LatchkeyError> {
  const user = await deps.store.findUser(subject.app.id, subject.userId);
  if (user?.disabled) return new LatchkeyError('UserDisabled', 'this user is disabled');
  return subject.keyId ? new LatchkeyError('AuthError') : new LatchkeyError('InvalidSession', 'the user no longer exists');
}

/** Opens a session: a refresh token (stored hashed) and a first access token. */
export async function openSession(deps: Uses, subject: SessionSubject): Promise<Login> {
  const now = deps.clock.now();
  const id = newObjectId(now);
  const expiresAt = Math.min(now + subject.app.settings.refreshTokenTtlSeconds * 1000, subject.notAfter ?? Infinity);
  const refreshToken = issueRefreshToken({ sessionId: id, userId: subject.userId, issuedAt: now, expiresAt });
  const session: Session = {
    id,
    appId: subject.app.id,
    userId: subject.userId,
    keyId: subject.keyId,
    refreshHash: hashSecret(refreshToken),
    deviceId: subject.deviceId,
    createdAt: now,
    expiresAt,
    scopes: subject.scopes ?? null,
  };
  if (!(await deps.store.insertSession(session, subject.keySecretHash ?? null))) throw await whyRefused(deps, subject);
  return {
    accessToken: issueAccessToken(deps, subject.app, session, subject.customData),
    refreshToken,
    userId: subject.userId,
    deviceId: subject.deviceId,
  };
}

export interface AccessContext {
  session: Session;
  claims: AccessClaims;
}

/**
 * A valid access token is well signed, unexpired, and its session still exists: revoking the
 * session (logout, key disabled or deleted, user deleted) kills its access tokens at once.
 */
export async function authenticateAccessToken(deps: Uses, token: string): Promise<AccessContext> {
  const claims = deps.tokens.verify(token);
  const now = deps.clock.now();
  if (!claims || claims.exp * 1000 <= now) throw new LatchkeyError('InvalidSession', 'invalid session: access token expired or invalid');
  const session = await deps.caches.session(claims.sid);
  if (!session || session.userId !== claims.sub || session.expiresAt <= now) {
    throw new LatchkeyError('InvalidSession', 'invalid session: the session was revoked or has expired');
  }
  return { session, claims };
}

/**
 * The message names the refresh token on purpose: realm-web's logOut() ignores exactly the
 * errors whose message contains "failed to find refresh token".
 */
const DEAD_REFRESH_TOKEN = 'invalid session: failed to find refresh token';

export async function authenticateRefreshToken(deps: Uses, token: string): Promise<Session> {
  const sessionId = sessionIdOfRefreshToken(token);
  if (!sessionId) throw new LatchkeyError('InvalidSession', DEAD_REFRESH_TOKEN);
  const session = await deps.caches.session(sessionId);
  if (!session || !secretMatchesHash(token, session.refreshHash) || session.expiresAt <= deps.clock.now()) {
    throw new LatchkeyError('InvalidSession', DEAD_REFRESH_TOKEN);
  }
  return session;
}

/** A fresh access token for a live session, carrying the user's custom data as it is now. */
export async function refreshAccessToken(deps: Uses, session: Session): Promise<string> {
  const [app, { user }] = await Promise.all([appOfSession(deps, session), userOfSession(deps, session)]);
  return issueAccessToken(deps, app, session, user.customData);
}

export async function endSession(deps: Uses, session: Session, origin: Origin): Promise<void> {
  if (await deps.store.deleteSession(session.id)) {
    deps.audit.record(session.appId, 'sessions.revoked', origin, {
      userId: session.userId,
      keyId: session.keyId,
      detail: { reason: 'logout' },
    });
  }
}
