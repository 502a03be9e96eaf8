import type { ErrorCode } from '@latchkey/errors';

/**
 * What `errorCode` can be: one of the server's codes (the registry in @latchkey/errors), or
 * one of the client's own: `NetworkError` (the server could not be reached) and `BadResponse`
 * (an answer that is not a Latchkey answer: a proxy's error page, or a code this SDK does not
 * know).
 */
export type LatchkeyErrorCode = ErrorCode | 'NetworkError' | 'BadResponse';

/**
 * Every failed request to Latchkey, with the server's code to branch on.
 *
 * @example
 * ```ts
 * try {
 *   await user.apiKeys.create('laptop');
 * } catch (error) {
 *   if (error instanceof LatchkeyError && error.errorCode === 'APIKeyAlreadyExists') {
 *     // pick another name
 *   }
 * }
 * ```
 */
export class LatchkeyError extends Error {
  /** The HTTP status, or 0 when the server could not be reached. */
  readonly statusCode: number;
  /** The server's `error_code` (`InvalidSession`, `APIKeyNotFound`, …), or `NetworkError` / `BadResponse`. */
  readonly errorCode: LatchkeyErrorCode;

  constructor(statusCode: number, errorCode: LatchkeyErrorCode, message: string) {
    super(message);
    this.name = 'LatchkeyError';
    this.statusCode = statusCode;
    this.errorCode = errorCode;
  }
}
