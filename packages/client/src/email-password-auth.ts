import { send } from './transport.js';

/** A confirmation or reset link's `token` and `tokenId` (read them from its query string). */
export interface TokenDetails {
  token: string;
  tokenId: string;
}

/** @internal What EmailPasswordAuth needs from its App. */
export interface ProviderHost {
  fetch: typeof fetch;
  /** The absolute URL of a path under the app's `local-userpass` provider. */
  url(path: string): Promise<string>;
}

/**
 * Registration, confirmation and password reset for email/password users, with the same
 * methods and bodies as realm-web's `app.emailPasswordAuth`. Which of them an app supports
 * depends on its settings (confirmation by mail or webhook, reset by mail or webhook).
 *
 * @example
 * ```ts
 * await app.emailPasswordAuth.registerUser({ email, password });
 * // later, on the page the confirmation mail links to:
 * const query = new URLSearchParams(location.search);
 * await app.emailPasswordAuth.confirmUser({ token: query.get('token')!, tokenId: query.get('tokenId')! });
 * ```
 */
export class EmailPasswordAuth {
  /** @internal Apps create this; applications use `app.emailPasswordAuth`. */
  constructor(private readonly host: ProviderHost) {}

  private async post(path: string, body: unknown): Promise<void> {
    await send(this.host.fetch, { method: 'POST', url: await this.host.url(path), body });
  }

  /**
   * Registers an address. Apps that confirm users send a confirmation (mail or webhook) first.
   *
   * @example
   * ```ts
   * await app.emailPasswordAuth.registerUser({ email: 'ada@example.com', password: 'correct horse' });
   * ```
   */
  registerUser(details: { email: string; password: string }): Promise<void> {
    return this.post('/register', { email: details.email, password: details.password });
  }

  /**
   * Confirms an address with its link's token (single use).
   *
   * @example
   * ```ts
   * await app.emailPasswordAuth.confirmUser({ token, tokenId });
   * ```
   */
  confirmUser(details: TokenDetails): Promise<void> {
    return this.post('/confirm', { token: details.token, tokenId: details.tokenId });
  }

  /**
   * Mails a pending address a new confirmation link (answered alike for any address).
   *
   * @example
   * ```ts
   * await app.emailPasswordAuth.resendConfirmationEmail({ email });
   * ```
   */
  resendConfirmationEmail(details: { email: string }): Promise<void> {
    return this.post('/confirm/send', { email: details.email });
  }

  /**
   * Asks the app's confirmation webhook again about a pending address. Resolves once the server
   * has the request, for every address; the webhook is asked right after and tells the user
   * its decision itself.
   *
   * @example
   * ```ts
   * await app.emailPasswordAuth.retryCustomConfirmation({ email });
   * ```
   */
  retryCustomConfirmation(details: { email: string }): Promise<void> {
    return this.post('/confirm/call', { email: details.email });
  }

  /**
   * Mails a password reset link (answered alike for any address).
   *
   * @example
   * ```ts
   * await app.emailPasswordAuth.sendResetPasswordEmail({ email });
   * ```
   */
  sendResetPasswordEmail(details: { email: string }): Promise<void> {
    return this.post('/reset/send', { email: details.email });
  }

  /**
   * Sets a new password with a reset link's token; every session of the user ends.
   *
   * @example
   * ```ts
   * await app.emailPasswordAuth.resetPassword({ token, tokenId, password: 'a new one' });
   * ```
   */
  resetPassword(details: TokenDetails & { password: string }): Promise<void> {
    return this.post('/reset', { token: details.token, tokenId: details.tokenId, password: details.password });
  }

  /**
   * Resets a password through the app's reset webhook, which receives `args` (never the password).
   * Resolves once the server has the request, for every address (so it tells nobody who is
   * registered); the password changes when the webhook answers `success`, moments later, and the
   * webhook tells the user the outcome.
   *
   * @example
   * ```ts
   * await app.emailPasswordAuth.callResetPasswordFunction({ email, password: 'a new one' }, securityAnswer);
   * ```
   */
  callResetPasswordFunction(details: { email: string; password: string }, ...args: unknown[]): Promise<void> {
    return this.post('/reset/call', { email: details.email, password: details.password, arguments: args });
  }
}
