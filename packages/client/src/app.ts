import type { KeyVerification as KeyVerificationAnswer, LoginAnswer } from '@latchkey/protocol';
import type { Credentials } from './credentials.js';
import { EmailPasswordAuth } from './email-password-auth.js';
import { LatchkeyError } from './errors.js';
import { defaultStorage, type SessionStorage } from './storage.js';
import { send } from './transport.js';
import { User, type StoredUser, type UserHost } from './user.js';

export interface AppConfig {
  /** The client app id (`demo` on a fresh server). */
  id: string;
  /** Where Latchkey listens, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** Where users' tokens are kept: localStorage in browsers, memory elsewhere, unless given. */
  storage?: SessionStorage;
  /** The fetch to use; the platform's by default. */
  fetch?: typeof fetch;
}

const CLIENT = '/api/client/v2.0';

/** The answer of app.verifyApiKey: the key's owner and grants, or why it is refused. */
export type KeyVerification =
  | ({ valid: true } & Required<Omit<KeyVerificationAnswer, 'valid' | 'code'>>)
  | { valid: false; code: NonNullable<KeyVerificationAnswer['code']> };

/**
 * A Latchkey app, as the App Services SDKs' `App`: log users in, keep them across reloads,
 * switch between them.
 *
 * @example
 * ```ts
 * import { App, Credentials } from '@latchkey/client';
 * const app = new App({ id: 'demo', baseUrl: 'http://127.0.0.1:8080' });
 * await app.emailPasswordAuth.registerUser({ email: 'ada@example.com', password: 'correct horse' });
 * const user = await app.logIn(Credentials.emailPassword('ada@example.com', 'correct horse'));
 * const { key } = await user.apiKeys.create('my-script');
 * ```
 */
export class App {
  readonly id: string;
  readonly baseUrl: string;
  /** Registration, confirmation and password reset for email/password users. */
  readonly emailPasswordAuth: EmailPasswordAuth;
  private readonly storage: SessionStorage;
  private readonly fetchImpl: typeof fetch;
  private readonly users = new Map<string, User>();
  private current: User | null = null;
  private location: Promise<string> | null = null;
  private readonly host: UserHost;
  private readonly listeners = new Set<() => void>();

  constructor(config: AppConfig) {
    this.id = config.id;
    this.baseUrl = config.baseUrl.replace(/\/+$/, '');
    this.storage = config.storage ?? defaultStorage();
    this.fetchImpl = config.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.host = { appId: this.id, fetch: this.fetchImpl, url: (path) => this.url(`${CLIENT}${path}`), changed: () => this.persist() };
    this.emailPasswordAuth = new EmailPasswordAuth({
      fetch: this.fetchImpl,
      url: (path) => this.url(`${CLIENT}/app/${this.id}/auth/providers/local-userpass${path}`),
    });
    this.hydrate();
  }

  /** The user requests are made as: the last one logged in or switched to, if still logged in. */
  get currentUser(): User | null {
    return this.current?.isLoggedIn ? this.current : null;
  }

  /** Every user this app knows, logged in or not, by id. */
  get allUsers(): Readonly<Record<string, User>> {
    return Object.fromEntries(this.users);
  }

  /**
   * Logs in, fetches the profile, and makes the user current. Logging in again as a known
   * user refreshes that same User object.
   *
   * @example
   * ```ts
   * const user = await app.logIn(Credentials.apiKey(key));
   * ```
   */
  async logIn(credentials: Credentials): Promise<User> {
    const deviceId = this.storage.get(this.key('device'));
    const answer = await send<LoginAnswer>(this.fetchImpl, {
      method: 'POST',
      url: await this.url(`${CLIENT}/app/${this.id}/auth/providers/${credentials.providerType}/login`),
      body: { ...credentials.payload, options: { device: deviceId ? { deviceId } : {} } },
    });
    // Only a link answers without a refresh token; a login that does is not Latchkey's.
    const refreshToken = answer.refresh_token;
    if (refreshToken === null) throw new LatchkeyError(200, 'BadResponse', 'the login answer carries no refresh token');
    this.storage.set(this.key('device'), answer.device_id);
    let user = this.users.get(answer.user_id);
    if (user) user.adoptTokens(answer.access_token, refreshToken);
    else {
      user = new User(this.host, {
        id: answer.user_id,
        providerType: credentials.providerType,
        accessToken: answer.access_token,
        refreshToken,
        profile: null,
      });
      this.users.set(user.id, user);
    }
    this.current = user;
    await user.refreshProfile();
    this.persist();
    return user;
  }

  /**
   * Makes another known, logged-in user current.
   *
   * @example
   * ```ts
   * app.switchUser(app.allUsers[otherId]!);
   * ```
   */
  switchUser(user: User): void {
    if (this.users.get(user.id) !== user) throw new Error('that user does not belong to this app');
    if (!user.isLoggedIn) throw new Error('cannot switch to a logged-out user');
    this.current = user;
    this.persist();
  }

  /**
   * Logs the user out and forgets them.
   *
   * @example
   * ```ts
   * await app.removeUser(user);
   * ```
   */
  async removeUser(user: User): Promise<void> {
    if (user.isLoggedIn) await user.logOut();
    this.users.delete(user.id);
    if (this.current === user) this.current = null;
    this.persist();
  }

  /**
   * Deletes the user on the server (with their keys and sessions) and forgets them.
   *
   * @example
   * ```ts
   * await app.deleteUser(user);
   * ```
   */
  async deleteUser(user: User): Promise<void> {
    await user.deleteOnServer();
    await this.removeUser(user);
  }

  /**
   * Calls `listener` whenever a user logs in, out, switches or changes (tokens, profile);
   * returns a function that stops it. UI bindings re-render on it.
   *
   * @example
   * ```ts
   * const stop = app.subscribe(() => console.log(app.currentUser?.id));
   * ```
   */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The base URL the server says to use (`location`), fetched once. */
  /**
   * Whether a key someone handed your backend is good, without opening a session. Only a
   * server user may ask: log the backend in with a server API key first.
   *
   * @example
   * ```ts
   * await app.logIn(Credentials.apiKey(process.env.LATCHKEY_SERVER_KEY!) // an lks_ server key);
   * const verdict = await app.verifyApiKey(keyFromRequest);
   * if (verdict.valid && verdict.scopes.includes('read')) serve(verdict.user_id);
   * ```
   */
  async verifyApiKey(key: string): Promise<KeyVerification> {
    const user = this.current;
    if (!user) throw new LatchkeyError(401, 'MissingAuthReq', 'log in with a server API key first');
    return user.request<KeyVerification>('POST', `/app/${encodeURIComponent(this.id)}/auth/api_keys/verify`, { key });
  }

  private async url(path: string): Promise<string> {
    this.location ??= send<{ hostname: string }>(this.fetchImpl, { method: 'GET', url: `${this.baseUrl}${CLIENT}/app/${this.id}/location` })
      .then(({ hostname }) => {
        if (typeof hostname !== 'string') throw new LatchkeyError(200, 'BadResponse', 'location did not name a hostname');
        return hostname.replace(/\/+$/, '');
      })
      .catch((error: unknown) => {
        this.location = null;
        throw error;
      });
    return (await this.location) + path;
  }

  private key(name: string): string {
    return `latchkey:${this.id}:${name}`;
  }

  private persist(): void {
    this.storage.set(this.key('users'), JSON.stringify([...this.users.values()].map((user) => user.toStored())));
    if (this.current) this.storage.set(this.key('current'), this.current.id);
    else this.storage.remove(this.key('current'));
    for (const listener of this.listeners) listener();
  }

  private hydrate(): void {
    try {
      const stored = JSON.parse(this.storage.get(this.key('users')) ?? '[]') as StoredUser[];
      for (const entry of stored) this.users.set(entry.id, new User(this.host, entry));
      this.current = this.users.get(this.storage.get(this.key('current')) ?? '') ?? null;
    } catch {
      // Unreadable storage is treated as empty rather than breaking the app.
      this.users.clear();
      this.current = null;
    }
  }
}
