import type { Work } from './background-work.js';
import type { App } from '../model/apps.js';
import type { DepsWith } from './deps.js';
import { normaliseEmail } from '../model/emails.js';
import { LatchkeyError } from '../model/errors.js';
import { issueFlowToken, redeemFlowToken } from './email-links.js';
import { checkNewPassword } from './credentials.js';
import type { Origin } from '../model/audit-events.js';
import { queueMail } from './mail-outbox.js';
import { webhookSecretOf } from './webhook-secrets.js';
import { awaitsConfirmation } from '../model/pending-registrations.js';
import { confirmsByMail } from './confirmation.js';
import type { Identity } from '../model/users.js';
import type { EmailTokenStore, MailStore, ThrottleStore, UserStore } from '../store/store.js';

/** The store roles this file's services use. */
type Uses = DepsWith<EmailTokenStore & ThrottleStore & UserStore & MailStore>;

/**
 * Resetting a forgotten password: by a mailed link, or through the app's own webhook (App
 * Services' reset function). A new password ends every session of the user, on every node.
 */
async function knownIdentity(deps: Uses, app: App, email: string): Promise<Identity | null> {
  const identity = await deps.store.findPasswordIdentity(app.id, email);
  return identity?.confirmed ? identity : null;
}

async function setPassword(deps: Uses, app: App, identity: Identity, password: string, origin: Origin, via: string): Promise<void> {
  await deps.store.setPasswordAndRevokeSessions(identity.id, await deps.passwords.hash(password));
  await deps.store.deleteUserpassTokens(identity.id, 'reset');
  if (identity.email) await deps.store.forgetPasswordHistory(app.id, identity.email);
  deps.audit.record(app.id, 'password.reset', origin, { userId: identity.userId, detail: { identity_id: identity.id, via } });
}

/**
 * `sendResetPasswordEmail({email})`: checks now what is the same for every address, and returns
 * the work, to run after answering: a reset link for a confirmed address, the confirmation link
 * again for one still pending (its owner may have missed it), nothing for an unknown one.
 */
export function sendResetPasswordEmail(deps: Uses, app: App, email: string): Work {
  if (!app.settings.resetPasswordUrl || !deps.mail) throw new LatchkeyError('NotConfigured', 'this app does not reset passwords by email');
  const normalised = normaliseEmail(email);
  return async () => {
    const identity = await deps.store.findPasswordIdentity(app.id, normalised);
    if (identity?.confirmed) await queueMail(deps, app, identity, 'reset');
    else if (identity && confirmsByMail(app) && awaitsConfirmation(app, identity, deps.clock.now()))
      await queueMail(deps, app, identity, 'confirm');
  };
}

/** `resetPassword({token, tokenId, password})`: the link's token sets a new password. */
export async function resetPassword(deps: Uses, app: App, tokenId: string, token: string, password: string, origin: Origin): Promise<void> {
  checkNewPassword(password);
  const identity = await redeemFlowToken(deps, app, 'reset', tokenId, token);
  await setPassword(deps, app, identity, password, origin, 'token');
}

/**
 * `callResetPasswordFunction({email, password}, ...args)`: the webhook is told who asks, with
 * the arguments, and a token (never the password). success sets the password; pending leaves
 * the token for `resetPassword` later; fail refuses. The caller's answer is the same for every
 * address and outcome (the work runs after it): the app's backend, which the webhook is, tells
 * its user what became of the request. An unknown address never reaches the webhook.
 */
export function callResetWebhook(deps: Uses, app: App, email: string, password: string, args: unknown[], origin: Origin): Work {
  const url = app.settings.resetWebhookUrl;
  if (!url) throw new LatchkeyError('NotConfigured', 'this app does not reset passwords through a webhook');
  checkNewPassword(password);
  const normalised = normaliseEmail(email);
  return async () => {
    const identity = await knownIdentity(deps, app, normalised);
    if (identity) await askResetWebhook(deps, app, identity, url, password, args, origin);
  };
}

async function askResetWebhook(
  deps: Uses,
  app: App,
  identity: Identity,
  url: string,
  password: string,
  args: unknown[],
  origin: Origin,
): Promise<void> {
  const issued = await issueFlowToken(deps, app, identity.id, 'reset');
  const status = await deps.webhooks.call({
    event: 'reset',
    url,
    secret: webhookSecretOf(app, deps.secretKeys),
    payload: { app_id: app.clientAppId, token: issued.token, tokenId: issued.tokenId, username: identity.email, arguments: args },
  });
  if (status === 'success') await setPassword(deps, app, identity, password, origin, 'webhook');
  else if (status === 'fail') {
    await deps.store.deleteUserpassTokens(identity.id, 'reset');
    throw new LatchkeyError('WebhookRefused', "the app's reset webhook refused this");
  }
}
