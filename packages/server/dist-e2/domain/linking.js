import { checkPassword, requireProvider } from './credentials.js';
import { LatchkeyError } from './errors.js';
import { issueAccessToken } from './session-tokens.js';
import { requireSessionWithoutKey } from './sessions.js';
import { userOfSession } from './user-accounts.js';
/**
 * `?link=true`: attaches an email/password identity to the signed-in user (typically an
 * anonymous one, who keeps their id and becomes a full user).
 */
export async function linkPasswordIdentity(deps, app, access, username, password, origin) {
    requireProvider(app, 'local-userpass');
    if (access.session.appId !== app.id)
        throw new LatchkeyError('InvalidSession');
    requireSessionWithoutKey(access.session, 'link identities');
    const linking = await userOfSession(deps, access.session);
    // Server users exist only through their server key; an identity must not outlive the key.
    if (linking.user.type === 'server')
        throw new LatchkeyError('APIKeySessionNotAllowed', 'a server API key user cannot link identities');
    const identity = await checkPassword(deps, app, username, password, { ip: origin.ip });
    if (!(await deps.store.linkIdentity(identity.id, access.session.userId)))
        throw new LatchkeyError('IdentityAlreadyLinked');
    deps.audit.record(app.id, 'identity.linked', origin, { userId: access.session.userId, detail: { linked_identity_id: identity.id } });
    return {
        accessToken: issueAccessToken(deps, app, access.session, linking.user.customData),
        userId: access.session.userId,
        deviceId: access.session.deviceId,
    };
}
//# sourceMappingURL=linking.js.map