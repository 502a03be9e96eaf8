import type { ProviderType } from '@latchkey/protocol';

/** The providers Latchkey speaks, with the names the App Services clients use. */
export type { ProviderType };

/**
 * What a user logs in with. Build one with a static method and pass it to `app.logIn`.
 *
 * @example
 * ```ts
 * const user = await app.logIn(Credentials.emailPassword('ada@example.com', 'correct horse'));
 * const device = await app.logIn(Credentials.apiKey(process.env.LATCHKEY_KEY!));
 * ```
 */
export class Credentials {
  private constructor(
    readonly providerType: ProviderType,
    readonly payload: Record<string, unknown>,
  ) {}

  /**
   * An email and password registered with `app.emailPasswordAuth.registerUser`.
   *
   * @example
   * ```ts
   * await app.logIn(Credentials.emailPassword('ada@example.com', 'correct horse'));
   * ```
   */
  static emailPassword(email: string, password: string): Credentials {
    return new Credentials('local-userpass', { username: email, password });
  }

  /**
   * A new anonymous user (who cannot own API keys until an email identity is linked).
   *
   * @example
   * ```ts
   * const guest = await app.logIn(Credentials.anonymous());
   * ```
   */
  static anonymous(): Credentials {
    return new Credentials('anon-user', {});
  }

  /**
   * A user API key (logs in as its owner) or a server API key.
   *
   * @example
   * ```ts
   * const device = await app.logIn(Credentials.apiKey('lku_…'));
   * ```
   */
  static apiKey(key: string): Credentials {
    return new Credentials('api-key', { key });
  }

  /**
   * A JWT the app's own identity system signed (Auth0, Firebase, Cognito, Keycloak, …), for an
   * app with custom JWT set up: its `sub` is the user's identity there.
   *
   * @example
   * ```ts
   * const user = await app.logIn(Credentials.jwt(await auth0.getTokenSilently()));
   * ```
   */
  static jwt(token: string): Credentials {
    return new Credentials('custom-token', { token });
  }

  /**
   * A payload the app's login function (a webhook of its backend) decides who it is, for an app
   * with the custom-function provider set up.
   *
   * @example
   * ```ts
   * const user = await app.logIn(Credentials.function({ username: 'ada', pin: '1234' }));
   * ```
   */
  static function(payload: Record<string, unknown>): Credentials {
    return new Credentials('custom-function', payload);
  }

  /**
   * Sign in with Google: an id token (Google Identity Services' `credential`), or a server auth
   * code (with the app's google.clientSecret set).
   *
   * @example
   * ```ts
   * const user = await app.logIn(Credentials.google({ idToken: response.credential }));
   * ```
   */
  static google(token: { idToken: string } | { authCode: string }): Credentials {
    return new Credentials('oauth2-google', 'idToken' in token ? { id_token: token.idToken } : { authCode: token.authCode });
  }

  /**
   * Sign in with Apple: the id token Apple returned.
   *
   * @example
   * ```ts
   * const user = await app.logIn(Credentials.apple(authorization.id_token));
   * ```
   */
  static apple(idToken: string): Credentials {
    return new Credentials('oauth2-apple', { id_token: idToken });
  }

  /**
   * Facebook Login: the user access token the Facebook SDK returned.
   *
   * @example
   * ```ts
   * const user = await app.logIn(Credentials.facebook(authResponse.accessToken));
   * ```
   */
  static facebook(accessToken: string): Credentials {
    return new Credentials('oauth2-facebook', { accessToken });
  }
}
