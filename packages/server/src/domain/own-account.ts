import type { App } from '../model/apps.js';
import type { Origin } from '../model/audit-events.js';
import { checkCustomUserData, type CustomUserData } from '../model/custom-data.js';
import type { DepsWith } from './deps.js';
import { LatchkeyError } from '../model/errors.js';
import { requireSessionWithoutKey, type Session } from '../model/sessions.js';
import type { UserRecord } from '../model/users.js';
import type { UserStore } from '../store/store.js';

/** The store roles this file's services use. */
type Uses = DepsWith<UserStore>;

/** The session's user and identities (cached; changes are pushed). A deleted user has no session. */
export async function userOfSession(deps: Uses, session: Session): Promise<UserRecord> {
  const record = await deps.caches.user(session.appId, session.userId);
  if (!record) throw new LatchkeyError('InvalidSession');
  return record;
}

/** Deletes the user behind the session with everything they own; their tokens die with it. */
export async function deleteUser(deps: Uses, session: Session, origin: Origin): Promise<void> {
  requireSessionWithoutKey(session, 'delete the user');
  if (!(await deps.store.deleteUser(session.appId, session.userId))) throw new LatchkeyError('UserNotFound');
  deps.audit.record(session.appId, 'user.deleted', origin, { userId: session.userId });
}

export async function setCustomUserData(deps: Uses, app: App, userId: string, value: unknown, origin: Origin): Promise<void> {
  const document = checkCustomUserData(value);
  if (!(await deps.store.updateCustomUserData(app.id, userId, document))) throw new LatchkeyError('UserNotFound');
  deps.audit.record(app.id, 'custom_data.changed', origin, { userId, detail: { bytes: Buffer.byteLength(JSON.stringify(document)) } });
}

export async function getCustomUserData(deps: Uses, app: App, userId: string): Promise<CustomUserData> {
  const user = await deps.store.findUser(app.id, userId);
  if (!user) throw new LatchkeyError('UserNotFound');
  return user.customData;
}
