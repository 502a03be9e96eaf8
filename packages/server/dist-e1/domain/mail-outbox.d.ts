import type { App } from './apps.js';
import type { Deps } from './deps.js';
import type { OutboxMail } from './mail.js';
import type { TokenPurpose } from './userpass-tokens.js';
import type { Identity } from './users.js';
/** One mail of each kind per address per minute at most, whoever asks and from wherever. */
export declare const MIN_MAIL_INTERVAL_MS = 60000;
/** 30 s, 1 min, 2 min, … capped at an hour. */
export declare const retryDelay: (attempts: number) => number;
/**
 * Queues a confirmation or reset mail (durably), unless the address was mailed one of this
 * kind within the last minute (an operator's explicit resend is not held back).
 */
export declare function queueMail(deps: Deps, app: App, identity: Identity, kind: TokenPurpose, minIntervalMs?: number): Promise<boolean>;
export interface MailRunResult {
    sent: number;
    retried: number;
    failed: number;
}
/** Sends what is due; a failed mail is retried later with backoff, and given up after MAX_ATTEMPTS (logged). */
export declare function sendDueMail(deps: Deps, log: (level: 'warn' | 'error', message: string, mail: OutboxMail) => void): Promise<MailRunResult>;
