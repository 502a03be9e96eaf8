import type { App } from '../model/apps.js';
import type { Work } from './background-work.js';
import { SYSTEM, type Origin } from '../model/audit-events.js';
import type { DepsWith } from './deps.js';
import { normaliseEmail } from '../model/emails.js';
import { LatchkeyError } from '../model/errors.js';
import { issueFlowToken, redeemFlowToken } from './email-links.js';
import { queueMail } from './mail-outbox.js';
import { webhookSecretOf } from './webhook-secrets.js';
import { awaitsConfirmation } from '../model/pending-registrations.js';
import type { Identity } from '../model/users.js';
import type { EmailTokenStore, MailStore, UserStore } from '../store/store.js';

/** The store roles this file's services use. */
type Uses = DepsWith<EmailTokenStore & UserStore & MailStore>;

/**
 * Confirming new email/password users, when an app does not confirm them at once
 * (`autoConfirm: false`): by a mailed link, or by the app's own webhook, which answers
 * success (confirmed now), pending (the user confirms later with the token, which the webhook
 * got) or fail (the registration is refused and forgotten).
 */
async function askWebhook(deps: Uses, app: App, identity: Identity, url: string): Promise<void> {
  const issued = await issueFlowToken(deps, app, identity.id, 'confirm');
  let status;
  try {
    status = await deps.webhooks.call({
      event: 'confirm',
      url,
      secret: webhookSecretOf(app, deps.secretKeys),
      payload: { app_id: app.clientAppId, token: issued.token, tokenId: issued.tokenId, username: identity.email },
    });
  } catch (error) {
    await deps.store.deleteUserpassTokens(identity.id, 'confirm');
    throw error;
  }
  if (status === 'success') {
    await deps.store.confirmIdentity(identity.id);
    await deps.store.deleteUserpassTokens(identity.id, 'confirm');
    deps.audit.record(app.id, 'user.confirmed', SYSTEM, { detail: { identity_id: identity.id, email: identity.email, via: 'webhook' } });
  } else if (status === 'fail') {
    await deps.store.deleteUserpassTokens(identity.id, 'confirm');
    throw new LatchkeyError('WebhookRefused', "the app's confirmation webhook refused this registration");
  }
}

/** Runs right after a registration that is not confirmed at once; a refused or failed webhook undoes the registration. */
export async function startConfirmation(deps: Uses, app: App, identity: Identity): Promise<void> {
  const webhook = app.settings.confirmationWebhookUrl;
  if (!webhook) {
    await queueMail(deps, app, identity, 'confirm');
    return;
  }
  try {
    await askWebhook(deps, app, identity, webhook);
  } catch (error) {
    await deps.store.deleteOwnerlessIdentity(identity.id);
    throw error;
  }
}

/** `confirmUser({token, tokenId})`: the link's token confirms its identity. */
export async function confirmUser(deps: Uses, app: App, tokenId: string, token: string, origin: Origin): Promise<void> {
  const identity = await redeemFlowToken(deps, app, 'confirm', tokenId, token);
  await deps.store.confirmIdentity(identity.id);
  await deps.store.deleteUserpassTokens(identity.id, 'confirm');
  deps.audit.record(app.id, 'user.confirmed', origin, { detail: { identity_id: identity.id, email: identity.email } });
}

/** A pending registration that has not expired, for an already normalised address. */
async function pendingIdentity(deps: Uses, app: App, normalised: string): Promise<Identity | null> {
  const identity = await deps.store.findPasswordIdentity(app.id, normalised);
  return identity && awaitsConfirmation(app, identity, deps.clock.now()) ? identity : null;
}

/** Whether the app confirms new users with a mailed link. */
export function confirmsByMail(app: App): boolean {
  return !app.settings.autoConfirm && !app.settings.confirmationWebhookUrl && app.settings.emailConfirmationUrl !== null;
}

/**
 * `resendConfirmationEmail({email})`: a fresh link for a pending address. Checks now what is
 * the same for every address and returns the work, to run after answering, so known, unknown
 * and confirmed addresses get the same answer in the same time.
 */
export function resendConfirmationEmail(deps: Uses, app: App, email: string): Work {
  if (!confirmsByMail(app)) throw new LatchkeyError('NotConfigured', 'this app does not confirm users by email');
  const normalised = normaliseEmail(email);
  return async () => {
    const identity = await pendingIdentity(deps, app, normalised);
    if (identity) await queueMail(deps, app, identity, 'confirm');
  };
}

/**
 * `retryCustomConfirmation({email})`: asks the confirmation webhook again about a pending
 * address, after answering (as resendConfirmationEmail): the webhook, the app's own backend,
 * tells its user what it decided. An unknown or confirmed address never reaches it.
 */
export function retryCustomConfirmation(deps: Uses, app: App, email: string): Work {
  const webhook = app.settings.confirmationWebhookUrl;
  if (app.settings.autoConfirm || !webhook) throw new LatchkeyError('NotConfigured', 'this app does not confirm users through a webhook');
  const normalised = normaliseEmail(email);
  return async () => {
    const identity = await pendingIdentity(deps, app, normalised);
    if (identity) await askWebhook(deps, app, identity, webhook);
  };
}

/** Admin: confirms a pending address outright. */
export async function confirmByOperator(deps: Uses, app: App, email: string, origin: Origin): Promise<void> {
  const identity = await deps.store.findPasswordIdentity(app.id, normaliseEmail(email));
  if (!identity) throw new LatchkeyError('UserNotFound', 'no email/password user with that address');
  if (!(await deps.store.confirmIdentity(identity.id))) throw new LatchkeyError('UserAlreadyConfirmed');
  await deps.store.deleteUserpassTokens(identity.id, 'confirm');
  deps.audit.record(app.id, 'user.confirmed', origin, { detail: { identity_id: identity.id, email: identity.email } });
}

/** Admin: sends a pending address its confirmation again (mail or webhook, as the app confirms). */
export async function resendByOperator(deps: Uses, app: App, email: string): Promise<void> {
  const identity = await deps.store.findPasswordIdentity(app.id, normaliseEmail(email));
  if (!identity) throw new LatchkeyError('UserNotFound', 'no email/password user with that address');
  if (identity.confirmed) throw new LatchkeyError('UserAlreadyConfirmed');
  const webhook = app.settings.confirmationWebhookUrl;
  if (webhook) await askWebhook(deps, app, identity, webhook);
  else if (app.settings.emailConfirmationUrl && deps.mail) await queueMail(deps, app, identity, 'confirm', 0);
  else throw new LatchkeyError('NotConfigured', 'this app confirms users neither by email nor through a webhook');
}
