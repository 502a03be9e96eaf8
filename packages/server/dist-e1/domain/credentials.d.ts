import { type App, type ProviderType } from './apps.js';
import type { Deps } from './deps.js';
import type { Identity } from './users.js';
/** Rules every password credential meets. */
export declare const PASSWORD_LENGTH: {
    readonly minimum: 6;
    readonly maximum: 128;
};
export declare function checkNewPassword(password: string): void;
export declare function requireProvider(app: App, provider: ProviderType): void;
/**
 * Failed password logins are throttled per account, in the database so that it holds across
 * nodes and client addresses. Strict per account and address: 5 failures free, then blocked
 * for 1 s, 2 s, 4 s … up to 15 minutes. Looser per account from any address: 20 failures
 * free, then 1 s doubling up to 60 s, so that someone failing on purpose from many addresses
 * cannot keep the real user out for long at a time. A failure is forgotten 15 minutes after
 * the last one; a successful login or a password reset forgets them all. Unknown emails are
 * counted the same way, so the answers cannot tell them apart.
 */
export declare const PASSWORD_THROTTLE: {
    readonly address: {
        readonly free: 5;
        readonly maxBlockMs: number;
    };
    readonly account: {
        readonly free: 20;
        readonly maxBlockMs: 60000;
    };
    readonly forgetAfterMs: number;
};
export interface PasswordAttempt {
    /** The client's address (per-address throttle); null when unknown. */
    ip: string | null;
    /** Learns whose identity was tried (for the audit log), never the caller. */
    noteOwner?: (userId: string | null) => void;
}
/** The identity behind an email and password; one refusal for every way it can be wrong. */
export declare function checkPassword(deps: Deps, app: App, username: string, password: string, attempt: PasswordAttempt): Promise<Identity>;
