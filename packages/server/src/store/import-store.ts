import type { ImportOutcome, IncomingCustomData, IncomingUser } from '../model/imports.js';
import type { OutboxMail } from '../model/mail.js';
import type { Identity } from '../model/users.js';

/** Moving users in, a batch per transaction (store/sql/import-queries.ts); a dry run rolls each batch back. */
export interface ImportStore {
  /**
   * Records per import transaction: where a transaction holds the event loop (SQLite), small
   * enough to pause other requests only briefly; where each statement is a round trip
   * (PostgreSQL), large enough that round trips and commits do not dominate.
   */
  readonly importBatchSize: number;
  importUsers(appId: string, batch: IncomingUser[], dryRun: boolean): Promise<ImportOutcome[]>;
  importCustomData(appId: string, batch: IncomingCustomData[], dryRun: boolean): Promise<ImportOutcome[]>;
  /** Imported email identities with no password yet, in id order after `after` (not yet mailed, unless `again`). */
  listIdentitiesWithoutPassword(appId: string, after: string, limit: number, again: boolean): Promise<Identity[]>;
  /** Queues reset mails, each with its own time to go, and marks their addresses as mailed. */
  queueResetMails(mails: OutboxMail[], now: number): Promise<void>;
}
