import type { OutboxMail } from '../../domain/mail.js';
import { type Dialect, type Op } from './driver.js';
/** The mail queue. */
export declare function enqueueMail(mail: OutboxMail): Op<void>;
/** Leases due mail; PostgreSQL skips rows another node is leasing at this very moment. */
export declare function claimDueMail(d: Dialect, now: number, leaseUntil: number, limit: number): Op<OutboxMail[]>;
export declare function deleteMail(mailId: string): Op<void>;
export declare function rescheduleMail(mailId: string, attempts: number, nextAttemptAt: number, lastError: string, failedAt: number | null): Op<void>;
export declare function countQueuedMail(): Op<number>;
export declare function listMail(limit: number): Op<OutboxMail[]>;
export declare function retryAllMail(now: number): Op<number>;
