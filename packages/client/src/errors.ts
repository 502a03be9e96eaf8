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
  readonly errorCode: string;

  constructor(statusCode: number, errorCode: string, message: string) {
    super(message);
    this.name = 'LatchkeyError';
    this.statusCode = statusCode;
    this.errorCode = errorCode;
  }
}
