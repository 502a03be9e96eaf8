import type { ErrorCode } from '@latchkey/errors';

/**
 * The server's codes (the registry in @latchkey/errors), or the client's own: `NetworkError`
 * (the server could not be reached) and `BadResponse` (an answer that is not Latchkey's).
 */
export type AdminErrorCode = ErrorCode | 'NetworkError' | 'BadResponse';

/**
 * Every failed admin call, with the server's code to branch on.
 *
 * @example
 * ```ts
 * try {
 *   await admin.disableUser('my-app', userId);
 * } catch (error) {
 *   if (error instanceof LatchkeyAdminError && error.errorCode === 'UserNotFound') console.log('no such user');
 *   else throw error;
 * }
 * ```
 */
export class LatchkeyAdminError extends Error {
  /** The HTTP status, or 0 when the server could not be reached. */
  readonly statusCode: number;
  readonly errorCode: AdminErrorCode;
  /** The request that failed, as `METHOD /path` (no query), for logs and `--verbose`; not part of the message. */
  readonly request: string | undefined;

  constructor(statusCode: number, errorCode: AdminErrorCode, message: string, request?: string) {
    super(message);
    this.name = 'LatchkeyAdminError';
    this.statusCode = statusCode;
    this.errorCode = errorCode;
    this.request = request;
  }
}
