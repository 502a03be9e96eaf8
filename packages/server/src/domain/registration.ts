import { newObjectId } from '../crypto/ids.js';
import type { App } from '../model/apps.js';
import type { Origin } from '../model/audit-events.js';
import { startConfirmation } from './confirmation.js';
import { checkNewPassword, requireProvider } from './credentials.js';
import type { DepsWith } from './deps.js';
import { parseNewEmail } from '../model/emails.js';
import { LatchkeyError } from '../model/errors.js';
import { isPending } from '../model/pending-registrations.js';
import type { Identity } from '../model/users.js';
import type { EmailTokenStore, MailStore, UserStore } from '../store/store.js';

/** The store roles this file's services use. */
type Uses = DepsWith<UserStore & EmailTokenStore & MailStore>;

/**
 * A registration for an address that is only pending takes it over: the newest registrant's
 * password, earlier confirmation links dead. Whoever reads that mailbox confirms the password
 * chosen last, so someone who registered another person's address first cannot have the
 * account opened with their own password, nor hold the address.
 */
async function takeOverPending(deps: Uses, normalised: string, app: App, passwordHash: string): Promise<Identity> {
  const existing = await deps.store.findPasswordIdentity(app.id, normalised);
  const now = deps.clock.now();
  if (!existing || !isPending(existing) || !(await deps.store.replacePendingRegistration(existing.id, passwordHash, now)))
    throw new LatchkeyError('AccountNameInUse', 'name already in use');
  return { ...existing, passwordHash, createdAt: now };
}

/**
 * Registration makes the identity; its user is created at the first login. Apps that confirm
 * at once (`autoConfirm`, the default) are done here; the others start a confirmation, by
 * mail or through their webhook.
 */
export async function registerWithPassword(deps: Uses, app: App, email: string, password: string, origin: Origin): Promise<void> {
  requireProvider(app, 'local-userpass');
  const normalised = parseNewEmail(email);
  checkNewPassword(password);
  const passwordHash = await deps.passwords.hash(password);
  let identity: Identity = {
    id: newObjectId(deps.clock.now()),
    appId: app.id,
    userId: null,
    providerType: 'local-userpass',
    email: normalised,
    passwordHash,
    confirmed: app.settings.autoConfirm,
    createdAt: deps.clock.now(),
  };
  if ((await deps.store.insertPasswordIdentity(identity)) === 'duplicate')
    identity = await takeOverPending(deps, normalised, app, passwordHash);
  if (!identity.confirmed) await startConfirmation(deps, app, identity);
  deps.audit.record(app.id, 'user.registered', origin, {
    detail: { email: normalised, identity_id: identity.id, confirmed: identity.confirmed },
  });
}
