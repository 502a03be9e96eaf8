import { newObjectId } from '../crypto/ids.js';
import type { App } from '../model/apps.js';
import type { DepsWith } from './deps.js';
import { issueFlowToken, linkTo } from './email-links.js';
import type { OutboxMail } from '../model/mail.js';
import type { TokenPurpose } from '../model/email-tokens.js';
import type { Identity } from '../model/users.js';
import type { EmailTokenStore, MailStore, UserStore } from '../store/store.js';

/** The store roles this file's services use. */
type Uses = DepsWith<EmailTokenStore & MailStore & UserStore>;

/** One mail of each kind per address per minute at most, whoever asks and from wherever. */
export const MIN_MAIL_INTERVAL_MS = 60_000;
const MAX_ATTEMPTS = 8;
const LEASE_MS = 60_000;
const BATCH = 20;

/** 30 s, 1 min, 2 min, … capped at an hour. */
export const retryDelay = (attempts: number) => Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);

/**
 * Queues a confirmation or reset mail (durably), unless the address was mailed one of this
 * kind within the last minute (an operator's explicit resend is not held back).
 */
export async function queueMail(
  deps: Uses,
  app: App,
  identity: Identity,
  kind: TokenPurpose,
  minIntervalMs = MIN_MAIL_INTERVAL_MS,
): Promise<boolean> {
  if (!deps.mail || !identity.email) return false;
  const now = deps.clock.now();
  if (!(await deps.store.markMailed(identity.id, kind, now, minIntervalMs))) return false;
  const mail: OutboxMail = {
    id: newObjectId(now),
    appId: app.id,
    identityId: identity.id,
    kind,
    to: identity.email,
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    failedAt: null,
    createdAt: now,
  };
  await deps.store.enqueueMail(mail);
  deps.mail.wake();
  return true;
}

/** The page a mail of this kind links to, when the app still wants such mails. */
function pageFor(app: App, mail: OutboxMail): string | null {
  return mail.kind === 'confirm' ? app.settings.emailConfirmationUrl : app.settings.resetPasswordUrl;
}

/** Sends one claimed mail; false when it is no longer owed (the app or identity changed meanwhile). */
async function deliver(deps: Uses, mail: OutboxMail): Promise<boolean> {
  const app = await deps.apps.findById(mail.appId);
  const identity = app ? await deps.store.findIdentity(app.id, mail.identityId) : null;
  const page = app ? pageFor(app, mail) : null;
  if (!app || !identity || !page || !deps.mail || (mail.kind === 'confirm' && identity.confirmed)) return false;
  // The token is made now, at sending time: no usable token ever rests in the queue.
  const link = linkTo(page, await issueFlowToken(deps, app, identity.id, mail.kind));
  const { text, html } = deps.mail.render(mail.kind, {
    link,
    email: mail.to,
    appName: app.name,
    expiresInMinutes: app.settings.emailTokenTtlMinutes,
  });
  const subject = mail.kind === 'confirm' ? app.settings.confirmEmailSubject : app.settings.resetPasswordSubject;
  await deps.mail.send({ to: mail.to, subject, text, html });
  return true;
}

export interface MailRunResult {
  sent: number;
  retried: number;
  failed: number;
}

/** Sends what is due; a failed mail is retried later with backoff, and given up after MAX_ATTEMPTS (logged). */
export async function sendDueMail(
  deps: Uses,
  log: (level: 'warn' | 'error', message: string, mail: OutboxMail) => void,
): Promise<MailRunResult> {
  const result: MailRunResult = { sent: 0, retried: 0, failed: 0 };
  const now = deps.clock.now();
  for (const mail of await deps.store.claimDueMail(now, now + LEASE_MS, BATCH)) {
    try {
      if (await deliver(deps, mail)) result.sent++;
      await deps.store.deleteMail(mail.id);
    } catch (error) {
      const attempts = mail.attempts + 1;
      const message = (error as Error).message ?? String(error);
      const givenUp = attempts >= MAX_ATTEMPTS;
      await deps.store.rescheduleMail(mail.id, attempts, now + retryDelay(attempts), message, givenUp ? now : null);
      log(
        givenUp ? 'error' : 'warn',
        givenUp ? `mail given up after ${attempts} attempts: ${message}` : `mail not sent (attempt ${attempts}), retrying: ${message}`,
        mail,
      );
      if (givenUp) result.failed++;
      else result.retried++;
    }
  }
  return result;
}
