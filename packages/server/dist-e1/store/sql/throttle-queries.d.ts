import type { PasswordFailure } from '../store.js';
import { type Op } from './driver.js';
/** Failed password logins, per account (`ip` '') and per account and address. */
/** Where the account and this address stand: the later block, and whether anything is counted at all. */
export declare function passwordFailures(appId: string, email: string, ip: string): Op<{
    blockedUntil: number;
    counted: boolean;
}>;
/**
 * Counts one more failure for the account and for the address, each restarting from zero when
 * its last failure is older than `forgetAfterMs`, and blocks each until what `blockUntil` says.
 */
export declare function countPasswordFailure({ appId, email, ip, now, forgetAfterMs, blockUntil }: PasswordFailure): Op<void>;
/** A successful login or a password reset forgets every failure counted for the account. */
export declare function clearPasswordFailures(appId: string, email: string): Op<void>;
export declare function deleteStalePasswordFailures(before: number): Op<number>;
