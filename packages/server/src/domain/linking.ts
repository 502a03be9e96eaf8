import type { App } from '../model/apps.js';
import type { Origin } from '../model/audit-events.js';
import { checkPassword, requireProvider } from './credentials.js';
import type { DepsWith } from './deps.js';
import { LatchkeyError } from '../model/errors.js';
import { issueAccessToken, type AccessContext, type Login } from './session-tokens.js';
import { requireSessionWithoutKey } from '../model/sessions.js';
import { userOfSession } from './own-account.js';
import type { SessionStore, ThrottleStore, UserStore } from '../store/store.js';

/** The store roles this file's services use. */
type Uses = DepsWith<UserStore & SessionStore & ThrottleStore>;

/** What `?link=true` answers: a fresh access token for the same session, and no refresh token. */
export type Link = Omit<Login, 'refreshToken'>;

/**
 * `?link=true`: attaches an email/password identity to the signed-in user (typically an
 * anonymous one, who keeps their id and becomes a full user).
 */
export async function linkPasswordIdentity(
  deps: Uses,
  app: App,
  access: AccessContext,
  username: string,
  password: string,
  origin: Origin,
): Promise<Link> {
  requireProvider(app, 'local-userpass');
  if (access.session.appId !== app.id) throw new LatchkeyError('InvalidSession');
  requireSessionWithoutKey(access.session, 'link identities');
  const linking = await userOfSession(deps, access.session);
  // Server users exist only through their server key; an identity must not outlive the key.
  if (linking.user.type === 'server') throw new LatchkeyError('APIKeySessionNotAllowed', 'a server API key user cannot link identities');
  const identity = await checkPassword(deps, app, username, password, { ip: origin.ip });
  if (!(await deps.store.linkIdentity(identity.id, access.session.userId))) throw new LatchkeyError('IdentityAlreadyLinked');
  deps.audit.record(app.id, 'identity.linked', origin, { userId: access.session.userId, detail: { linked_identity_id: identity.id } });
  return {
    accessToken: issueAccessToken(deps, app, access.session, linking.user.customData),
    userId: access.session.userId,
    deviceId: access.session.deviceId,
  };
}
