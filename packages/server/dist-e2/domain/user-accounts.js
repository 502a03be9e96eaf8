import { checkCustomUserData } from './custom-data.js';
import { LatchkeyError } from './errors.js';
import { requireSessionWithoutKey } from './sessions.js';
/** The session's user and identities (cached; changes are pushed). A deleted user has no session. */
export async function userOfSession(deps, session) {
    const record = await deps.caches.user(session.appId, session.userId);
    if (!record)
        throw new LatchkeyError('InvalidSession');
    return record;
}
/** Deletes the user behind the session with everything they own; their tokens die with it. */
export async function deleteUser(deps, session, origin) {
    requireSessionWithoutKey(session, 'delete the user');
    if (!(await deps.store.deleteUser(session.appId, session.userId)))
        throw new LatchkeyError('UserNotFound');
    deps.audit.record(session.appId, 'user.deleted', origin, { userId: session.userId });
}
export async function setCustomUserData(deps, app, userId, value, origin) {
    const document = checkCustomUserData(value);
    if (!(await deps.store.updateCustomUserData(app.id, userId, document)))
        throw new LatchkeyError('UserNotFound');
    deps.audit.record(app.id, 'custom_data.changed', origin, { userId, detail: { bytes: Buffer.byteLength(JSON.stringify(document)) } });
}
export async function getCustomUserData(deps, app, userId) {
    const user = await deps.store.findUser(app.id, userId);
    if (!user)
        throw new LatchkeyError('UserNotFound');
    return user.customData;
}
//# sourceMappingURL=user-accounts.js.map