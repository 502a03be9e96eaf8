import { ERROR_CODES, type ErrorCode } from '@latchkey/errors';

export { ERROR_CODES, type ErrorCode };

/** An expected refusal: carries a code from the registry and the HTTP status that goes with it. */
export class LatchkeyError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** For refusals that pass (429, 503): when to try again, sent as Retry-After. */
  readonly retryAfterSeconds: number | undefined;
  /** Set on refusals an operator should hear about (the database unreachable, hashing saturated): the log line. */
  warning: string | undefined;

  constructor(code: ErrorCode, message?: string, retryAfterSeconds?: number) {
    super(message ?? ERROR_CODES[code].message);
    this.name = 'LatchkeyError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function isLatchkeyError(error: unknown): error is LatchkeyError {
  return error instanceof LatchkeyError;
}
