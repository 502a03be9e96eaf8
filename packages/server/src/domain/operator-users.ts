import { newObjectId } from '../crypto/ids.js';
import type { KeyOwner } from '../model/api-keys.js';
import type { App } from '../model/apps.js';
import type { Origin } from '../model/audit-events.js';
import { checkNewPassword, requireProvider } from './credentials.js';
import type { DepsWith } from './deps.js';
import { normaliseEmail, parseNewEmail } from '../model/emails.js';
import { LatchkeyError } from '../model/errors.js';
import { newUser, type Identity, type UserQuery, type UserSummary } from '../model/users.js';
import type { KeyStore, SessionStore, UserStore } from '../store/store.js';

/** The store roles this file's services use. */
type Uses = DepsWith<SessionStore & UserStore & KeyStore>;

/**
 * What an operator does to an app's users (the admin API): find them, create one, cut one
 * off, log one out everywhere, delete one, and reach their keys without them. Every change is
 * recorded in the audit log with the operator as its actor.
 */

/** Last-login times this node holds are written first, so what the operator reads is current here. */
export async function findUserOrFail(deps: Uses, app: App, userId: string): Promise<UserSummary> {
  await deps.activity.flush();
  const found = await deps.store.findUserSummary(app.id, userId);
  if (!found) throw new LatchkeyError('UserNotFound');
  return found;
}

export async function listUsers(deps: Uses, app: App, query: UserQuery): Promise<UserSummary[]> {
  await deps.activity.flush();
  return deps.store.listUsers(app.id, { ...query, email: query.email === undefined ? undefined : normaliseEmail(query.email) });
}

/** An email/password user, confirmed, who exists at once (not at their first login). */
export async function createPasswordUser(deps: Uses, app: App, email: string, password: string, origin: Origin): Promise<UserSummary> {
  requireProvider(app, 'local-userpass');
  const normalised = parseNewEmail(email);
  checkNewPassword(password);
  const now = deps.clock.now();
  const identity: Identity = {
    id: newObjectId(now),
    appId: app.id,
    userId: null,
    providerType: 'local-userpass',
    email: normalised,
    passwordHash: await deps.passwords.hash(password),
    confirmed: true,
    createdAt: now,
  };
  if ((await deps.store.insertPasswordIdentity(identity)) === 'duplicate')
    throw new LatchkeyError('AccountNameInUse', 'name already in use');
  // The identity is new and ownerless, so this claim is ours (a login racing it would make the same user either way).
  const userId = await deps.store.claimIdentity(identity.id, newUser(newObjectId(now), app.id, 'normal', now));
  deps.audit.record(app.id, 'user.created', origin, { userId, detail: { email: normalised, identity_id: identity.id } });
  return findUserOrFail(deps, app, userId);
}

/** Disabling refuses every login of the user and ends all their sessions, on every node; enabling restores logins only. */
export async function setUserDisabled(deps: Uses, app: App, userId: string, disabled: boolean, origin: Origin): Promise<void> {
  if (!(await deps.store.setUserDisabled(app.id, userId, disabled))) throw new LatchkeyError('UserNotFound');
  deps.audit.record(app.id, disabled ? 'user.disabled' : 'user.enabled', origin, { userId });
}

/** Ends every session of the user (App Services' "logout"); they can log in again. Returns how many ended. */
export async function logOutEverywhere(deps: Uses, app: App, userId: string, origin: Origin): Promise<number> {
  await findUserOrFail(deps, app, userId);
  const ended = await deps.store.deleteSessionsOfUser(app.id, userId);
  deps.audit.record(app.id, 'sessions.revoked', origin, { userId, detail: { reason: 'operator', sessions: ended } });
  return ended;
}

/** Deletes the user with their identities, keys and sessions (a server user's server key goes with them). */
export async function deleteUserByOperator(deps: Uses, app: App, userId: string, origin: Origin): Promise<void> {
  if (!(await deps.store.deleteUser(app.id, userId))) throw new LatchkeyError('UserNotFound');
  deps.audit.record(app.id, 'user.deleted', origin, { userId });
}

/** The keys the user owns, as an operator reaches them: only after checking the user is in this app. */
export async function keysOfUser(deps: Uses, app: App, userId: string): Promise<KeyOwner> {
  await findUserOrFail(deps, app, userId);
  return { kind: 'user', userId };
}
