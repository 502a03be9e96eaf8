import { newObjectId } from '../crypto/ids.js';
import { hashPassword } from '../crypto/password.js';
import { startConfirmation } from './confirmation.js';
import { checkNewPassword, requireProvider } from './credentials.js';
import { parseNewEmail } from './emails.js';
import { LatchkeyError } from './errors.js';
/**
 * Registration makes the identity; its user is created at the first login. Apps that confirm
 * at once (`autoConfirm`, the default) are done here; the others start a confirmation, by
 * mail or through their webhook.
 */
export async function registerWithPassword(deps, app, email, password, origin) {
    requireProvider(app, 'local-userpass');
    const normalised = parseNewEmail(email);
    checkNewPassword(password);
    const identity = {
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
    if (!identity.confirmed)
        await startConfirmation(deps, app, identity);
    deps.audit.record(app.id, 'user.registered', origin, {
        detail: { email: normalised, identity_id: identity.id, confirmed: identity.confirmed },
    });
}
//# sourceMappingURL=registration.js.map