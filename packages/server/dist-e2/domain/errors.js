import { ERROR_CODES } from '@latchkey/errors';
export { ERROR_CODES };
/** An expected refusal: carries a code from the registry and the HTTP status that goes with it. */
export class LatchkeyError extends Error {
    code;
    status;
    /** For refusals that pass (429, 503): when to try again, sent as Retry-After. */
    retryAfterSeconds;
    constructor(code, message, retryAfterSeconds) {
        super(message ?? ERROR_CODES[code].message);
        this.name = 'LatchkeyError';
        this.code = code;
        this.status = ERROR_CODES[code].status;
        this.retryAfterSeconds = retryAfterSeconds;
    }
}
export function isLatchkeyError(error) {
    return error instanceof LatchkeyError;
}
//# sourceMappingURL=errors.js.map