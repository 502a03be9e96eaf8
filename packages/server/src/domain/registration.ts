import { newObjectId } from '../crypto/ids.js';
import { hashPassword } from '../crypto/password.js';
import type { App } from './apps.js';
import type { Origin } from './audit.js';
import { startConfirmation } from './confirmation.js';
import { checkNewPassword, requireProvider } from './credentials.js';
import type { Deps } from './deps.js';
import { parseNewEmail } from './emails.js';
import { LatchkeyError } from './errors.js';
import type { Identity } from './users.js';

/**
 * Registration makes the identity; its user is created at the first login. Apps that confirm
 * at once (`autoConfirm`, the default) are done here; the others start a confirmation, by
 * mail or through their webhook.
 */
export async function registerWithPassword(deps: Deps, app: App, email: string, password: string, origin: Origin): Promise<void> {
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
  deps.audit.record(app.id, 'user.registered', origin, {
    detail: { email: normalised, identity_id: identity.id, confirmed: identity.confirmed },
  });
}
