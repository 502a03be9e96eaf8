import { ERROR_CODES, type ErrorCode } from '@latchkey/errors';

export { ERROR_CODES, type ErrorCode };

/** An expected refusal: carries a code from the registry and the HTTP status that goes with it. */
export class LatchkeyError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message?: string) {
    super(message ?? ERROR_CODES[code].message);
    this.name = 'LatchkeyError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
  }
}

export function isLatchkeyError(error: unknown): error is LatchkeyError {
  return error instanceof LatchkeyError;
}
