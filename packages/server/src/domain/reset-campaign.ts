import { newObjectId } from '../crypto/ids.js';
import type { App } from '../model/apps.js';
import type { Origin } from '../model/audit-events.js';
import { LatchkeyError } from '../model/errors.js';
import type { OutboxMail } from '../model/mail.js';
import type { ImportStore, MailStore } from '../store/store.js';
import type { DepsWith } from './deps.js';

/** The store roles this file's services use. */
type Uses = DepsWith<ImportStore & MailStore>;

export const DEFAULT_MAILS_PER_MINUTE = 600;
const PAGE = 1000;

export interface ResetCampaign {
  queued: number;
  /** When the last of them is due to go (null: none queued). */
  lastDueAt: number | null;
}

/**
 * Imported email users arrive without passwords (App Services never exported them): this queues
 * a reset mail for each, through the durable mail queue, paced at `perMinute` so the mail server
 * is not flooded (each mail is given its own time to go; the queue's worker sends it then, with
 * a token made at that moment). Users already sent one are skipped unless `again`, so the
 * campaign can be run again after an interruption, and only the rest are mailed.
 */
export async function mailResetsToImportedUsers(
  deps: Uses,
  app: App,
  options: { perMinute: number; again: boolean },
  origin: Origin,
): Promise<ResetCampaign> {
  if (!deps.mail) throw new LatchkeyError('NotConfigured', 'this server sends no mail: set LATCHKEY_SMTP_URL');
  if (!app.settings.resetPasswordUrl)
    throw new LatchkeyError('NotConfigured', "set the app's resetPasswordUrl (the page reset mails link to) first");
  const start = deps.clock.now();
  const spacingMs = 60_000 / options.perMinute;
  let queued = 0;
  let after = '';
  for (;;) {
    const page = await deps.store.listIdentitiesWithoutPassword(app.id, after, PAGE, options.again);
    if (page.length === 0) break;
    const now = deps.clock.now();
    const mails: OutboxMail[] = page.flatMap((identity) =>
      identity.email
        ? [
            {
              id: newObjectId(now),
              appId: app.id,
              identityId: identity.id,
              kind: 'reset',
              to: identity.email,
              attempts: 0,
              nextAttemptAt: start + Math.floor(queued++ * spacingMs),
              lastError: null,
              failedAt: null,
              createdAt: now,
            },
          ]
        : [],
    );
    await deps.store.queueResetMails(mails, now);
    after = page[page.length - 1]!.id;
  }
  deps.mail.wake();
  deps.audit.record(app.id, 'password.reset_campaign', origin, { detail: { queued, per_minute: options.perMinute } });
  return { queued, lastDueAt: queued ? start + Math.floor((queued - 1) * spacingMs) : null };
}
