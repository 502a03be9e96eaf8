import type { AccessTokenAnswer, LoginAnswer, Profile } from '@latchkey/protocol';
import { ApiKeyAuth } from './api-keys.js';
import type { Credentials, ProviderType } from './credentials.js';
import { LatchkeyError } from './errors.js';
import { readClaims } from './token-claims.js';
import { send } from './transport.js';
import type { Method, TokenType } from './user-requests.js';

export interface UserIdentity {
  id: string;
  providerType: string;
}

/** What the server says about a user beyond their identities: `email` for email/password users. */
export interface UserProfileData {
  email?: string;
  [key: string]: unknown;
}

export interface UserProfile {
  type: 'normal' | 'server';
  identities: UserIdentity[];
  data: UserProfileData;
}

/** What a user's persisted state looks like in a SessionStorage. */
export interface StoredUser {
  id: string;
  providerType: ProviderType;
  accessToken: string | null;
  refreshToken: string | null;
  profile: UserProfile | null;
}

/** What a User needs from its App. */
export interface UserHost {
  /** The client app id. */
  appId: string;
  fetch: typeof fetch;
  /** The absolute URL of a client API path (after the `location` lookup). */
  url(path: string): Promise<string>;
  /** Called whenever a user's tokens or profile change, to persist them. */
  changed(user: User): void;
}

/**
 * A user signed in to an App. Tokens refresh by themselves: a request refused with
 * `InvalidSession` refreshes the access token once (concurrent requests share that refresh)
 * and is retried; a dead refresh token logs the user out.
 *
 * @example
 * ```ts
 * const user = await app.logIn(Credentials.emailPassword(email, password));
 * console.log(user.id, user.profile.email);
 * const keys = await user.apiKeys.fetchAll();
 * ```
 */
export class User {
  readonly id: string;
  readonly providerType: ProviderType;
  /** The user's API keys: create, fetch, fetchAll, enable, disable, delete. */
  readonly apiKeys: ApiKeyAuth;
  private access: string | null;
  private refresh: string | null;
  private storedProfile: UserProfile | null;
  private refreshing: Promise<void> | null = null;

  /** @internal Apps create users; applications get them from `app.logIn`. */
  constructor(
    private readonly host: UserHost,
    stored: StoredUser,
  ) {
    this.id = stored.id;
    this.providerType = stored.providerType;
    this.access = stored.accessToken;
    this.refresh = stored.refreshToken;
    this.storedProfile = stored.profile;
    this.apiKeys = new ApiKeyAuth({ send: (method, path, tokenType, body) => this.send(method, path, tokenType, body) });
  }

  /** The scopes of the key this session was opened with (the access token's `scope`); empty: unscoped. */
  get scopes(): string[] {
    const scope = readClaims(this.access).scope;
    return typeof scope === 'string' && scope !== '' ? scope.split(' ') : [];
  }

  /** @internal A request with this user's tokens (app.verifyApiKey). */
  request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    return this.send<T>(method, path, 'access', body);
  }

  /** The current access token (a JWT), or null once logged out. */
  get accessToken(): string | null {
    return this.access;
  }

  /** The refresh token, or null once logged out. */
  get refreshToken(): string | null {
    return this.refresh;
  }

  get isLoggedIn(): boolean {
    return this.refresh !== null;
  }

  /** The profile data (`email` for email/password users), as of the last refreshProfile(). */
  get profile(): UserProfileData {
    return this.storedProfile?.data ?? {};
  }

  get identities(): UserIdentity[] {
    return this.storedProfile?.identities ?? [];
  }

  /**
   * The custom data an operator set for this user (admin API), as carried by the current
   * access token (`user_data`); `{}` when none. It is as fresh as the access token: call
   * refreshCustomData() to pick up a change at once.
   *
   * @example
   * ```ts
   * const plan = user.customData.plan ?? 'free';
   * ```
   */
  get customData(): Record<string, unknown> {
    const data = readClaims(this.access).user_data;
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  }

  /** @internal */
  toStored(): StoredUser {
    return {
      id: this.id,
      providerType: this.providerType,
      accessToken: this.access,
      refreshToken: this.refresh,
      profile: this.storedProfile,
    };
  }

  /** @internal After a login of the same user: fresh tokens. */
  adoptTokens(accessToken: string, refreshToken: string): void {
    this.access = accessToken;
    this.refresh = refreshToken;
    this.host.changed(this);
  }

  /**
   * Fetches the user's profile again.
   *
   * @example
   * ```ts
   * await user.refreshProfile();
   * console.log(user.identities.map((identity) => identity.providerType));
   * ```
   */
  async refreshProfile(): Promise<void> {
    const profile = await this.send<Profile>('GET', '/auth/profile', 'access');
    this.storedProfile = {
      type: profile.type === 'server' ? 'server' : 'normal',
      identities: profile.identities.map((identity) => ({ id: identity.id, providerType: identity.provider_type })),
      data: profile.data,
    };
    this.host.changed(this);
  }

  /**
   * Gets a new access token with the refresh token. Concurrent calls share one request.
   *
   * @example
   * ```ts
   * await user.refreshAccessToken();
   * ```
   */
  refreshAccessToken(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const { access_token } = await this.send<AccessTokenAnswer>('POST', '/auth/session', 'refresh');
        this.access = access_token;
        this.host.changed(this);
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /**
   * Adds an email/password identity to this user (typically an anonymous one, who keeps their
   * id and becomes a full user). The email must be registered and not yet linked to anyone.
   * Only sessions opened with a password or anonymously may link; an API-key session is refused.
   *
   * @example
   * ```ts
   * await app.emailPasswordAuth.registerUser({ email, password });
   * await user.linkCredentials(Credentials.emailPassword(email, password));
   * ```
   */
  async linkCredentials(credentials: Credentials): Promise<void> {
    const path = `/app/${this.host.appId}/auth/providers/${credentials.providerType}/login?link=true`;
    const { access_token } = await this.send<LoginAnswer>('POST', path, 'access', credentials.payload);
    this.access = access_token;
    await this.refreshProfile();
  }

  /**
   * Gets a new access token, and with it the user's custom data as it is now.
   *
   * @example
   * ```ts
   * const data = await user.refreshCustomData();
   * ```
   */
  async refreshCustomData(): Promise<Record<string, unknown>> {
    await this.refreshAccessToken();
    return this.customData;
  }

  /**
   * Ends the session on the server (its refresh and access tokens die) and forgets the tokens.
   * A session the server already ended logs out quietly.
   *
   * @example
   * ```ts
   * await user.logOut();
   * ```
   */
  async logOut(): Promise<void> {
    try {
      if (this.refresh) await this.send('DELETE', '/auth/session', 'refresh');
    } catch (error) {
      if (!(error instanceof LatchkeyError && error.errorCode === 'InvalidSession')) throw error;
    } finally {
      this.forgetTokens();
    }
  }

  /** @internal `app.deleteUser` calls this: the user, their keys and sessions are deleted on the server. */
  async deleteOnServer(): Promise<void> {
    await this.send('DELETE', '/auth/delete', 'access');
    this.forgetTokens();
  }

  private forgetTokens(): void {
    this.access = null;
    this.refresh = null;
    this.host.changed(this);
  }

  private async send<T>(method: Method, path: string, tokenType: TokenType, body?: unknown): Promise<T> {
    const url = await this.host.url(path);
    const attempt = () => send<T>(this.host.fetch, { method, url, token: tokenType === 'access' ? this.access : this.refresh, body });
    const usedAccessToken = this.access;
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof LatchkeyError) || error.statusCode !== 401 || error.errorCode !== 'InvalidSession') throw error;
      if (tokenType === 'refresh') {
        // The session is gone on the server: this user is logged out.
        this.forgetTokens();
        throw error;
      }
      // Another request may have refreshed already; otherwise refresh once, then retry once.
      if (this.access === usedAccessToken) await this.refreshAccessToken();
      return attempt();
    }
  }
}
