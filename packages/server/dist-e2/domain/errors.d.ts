import { ERROR_CODES, type ErrorCode } from '@latchkey/errors';
export { ERROR_CODES, type ErrorCode };
/** An expected refusal: carries a code from the registry and the HTTP status that goes with it. */
export declare class LatchkeyError extends Error {
    readonly code: ErrorCode;
    readonly status: number;
    /** For refusals that pass (429, 503): when to try again, sent as Retry-After. */
    readonly retryAfterSeconds: number | undefined;
    constructor(code: ErrorCode, message?: string, retryAfterSeconds?: number);
}
export declare function isLatchkeyError(error: unknown): error is LatchkeyError;
