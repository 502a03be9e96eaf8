import { checkForErrors, type CoreResponse } from './core-errors.js';
import { coreParseJson, toPlain, type CoreBson } from './core-json.js';
import { CoreAppError, parseRealmJwt, type RealmJwt } from './core-jwt.js';
import { field, parseDocument, readUserApiKey, stringField } from './core-responses.js';

export { checkForErrors, type CoreResponse } from './core-errors.js';
export type { CoreUserApiKey } from './core-responses.js';

/**
 * A model of realm-core v14.14.0's App Services client (src/realm/object-store/sync/), the
 * C++ client inside the React Native, Kotlin, Swift and Java SDKs: the requests it sends,
 * byte for byte where it matters, and how it reads every answer. Each method names the core
 * function it models. It is deliberately not a convenient client: where core would fail, it
 * fails the same way.
 */

export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

type TokenType = 'none' | 'access' | 'refresh';

/** impl/app_metadata.cpp's UserData: what core keeps of a user. */
export interface CoreUser {
  id: string;
  accessToken: RealmJwt | null;
  refreshToken: RealmJwt | null;
  deviceId: string;
  identities: { id: string; providerType: string }[];
  profileData: Record<string, unknown>;
}

/** app_credentials.cpp: each credential's payload, with `provider` first. */
export const CoreCredentials = {
  anonymous: () => ({ provider: 'anon-user' }),
  emailPassword: (username: string, password: string) => ({ provider: 'local-userpass', username, password }),
  apiKey: (key: string) => ({ provider: 'api-key', key }),
  custom: (token: string) => ({ provider: 'custom-token', token }),
  /** AppCredentials::function: the payload itself, with no "provider" in it (the route names it). */
  function: (payload: Record<string, string>) => ({ provider: 'custom-function', ...payload }),
};
export type CoreCredential = { provider: string } & Record<string, string>;

/** app.cpp, App::attach_auth_options: the device document, with no deviceId. */
const DEVICE = {
  appId: '',
  platform: 'Linux',
  platformVersion: '6.1.0',
  sdk: 'Kotlin',
  sdkVersion: '1.16.0',
  cpuArch: 'x86_64',
  deviceName: 'conformance',
  deviceVersion: '1',
  frameworkName: 'Realm Kotlin',
  frameworkVersion: '1.16.0',
  coreVersion: '14.14.0',
  bundleId: 'com.example.conformance',
};

export class CoreApp {
  /** Every request sent, in order, for tests that check what went over the wire. */
  readonly sent: SentRequest[] = [];
  readonly users = new Map<string, CoreUser>();
  currentUser: CoreUser | null = null;
  private hostUrl: string;
  private locationUpdated = false;

  constructor(
    readonly appId: string,
    baseUrl: string,
  ) {
    this.hostUrl = baseUrl.replace(/\/+$/, '');
  }

  /** The transport an SDK supplies (GenericNetworkTransport::send_request_to_server). */
  private async send(method: string, url: string, headers: Record<string, string>, body: string): Promise<CoreResponse> {
    this.sent.push({ method, url, headers, body });
    const response = await fetch(url, { method, headers, ...(body !== '' ? { body } : {}) });
    return { status: response.status, headers: response.headers, body: await response.text() };
  }

  /** app.cpp, get_request_headers: every request says it sends JSON, even with an empty body. */
  private headersFor(user: CoreUser | null, tokenType: TokenType): Record<string, string> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json;charset=utf-8', Accept: 'application/json' };
    if (user && tokenType === 'access') headers.Authorization = `Bearer ${user.accessToken?.token ?? ''}`;
    if (user && tokenType === 'refresh') headers.Authorization = `Bearer ${user.refreshToken?.token ?? ''}`;
    return headers;
  }

  /** app.cpp, request_location + update_location: GET …/location with no headers at all. */
  async requestLocation(): Promise<{ hostname: string; wsHostname: string }> {
    const response = await this.send('GET', `${this.hostUrl}/api/client/v2.0/app/${this.appId}/location`, {}, '');
    const error = checkForErrors(response);
    if (error) throw error;
    const json = parseDocument(response.body);
    const hostname = stringField(json, 'hostname');
    const wsHostname = stringField(json, 'ws_hostname');
    const syncRoute = json.get('sync_route');
    if (syncRoute && syncRoute.type !== 'string') throw new CoreAppError('MalformedJson', '?');
    if (hostname.length > 0) this.hostUrl = hostname;
    this.locationUpdated = true;
    return { hostname, wsHostname };
  }

  /** app.cpp, do_request: the location is read first, then the request goes to its hostname. */
  private async doRequest(method: string, path: string, user: CoreUser | null, tokenType: TokenType, body = ''): Promise<CoreResponse> {
    if (!this.locationUpdated) await this.requestLocation();
    return this.send(method, `${this.hostUrl}${path}`, this.headersFor(user, tokenType), body);
  }

  /**
   * app.cpp, do_authenticated_request + handle_auth_failure: on 401, a refresh-token request
   * logs the user out locally; an access-token request refreshes once and is sent again.
   */
  private async doAuthenticatedRequest(
    method: string,
    path: string,
    user: CoreUser,
    tokenType: 'access' | 'refresh',
    body = '',
  ): Promise<CoreResponse> {
    const response = await this.doRequest(method, path, user, tokenType, body);
    const error = checkForErrors(response);
    if (!error || error.httpStatus !== 401) return response;
    if (tokenType === 'refresh') {
      this.logOutLocally(user);
      return response;
    }
    try {
      await this.refreshAccessToken(user);
    } catch {
      return response;
    }
    return this.doRequest(method, path, user, 'access', body);
  }

  private static fail(response: CoreResponse): void {
    const error = checkForErrors(response);
    if (error) throw error;
  }

  /** app.cpp, App::post (UsernamePasswordProviderClient::register_email and friends). */
  async post(providerPath: string, body: Record<string, unknown>): Promise<void> {
    CoreApp.fail(
      await this.doRequest('POST', `/api/client/v2.0/app/${this.appId}/auth/providers/${providerPath}`, null, 'none', JSON.stringify(body)),
    );
  }

  registerEmail(email: string, password: string): Promise<void> {
    return this.post('local-userpass/register', { email, password });
  }

  /** app.cpp, UsernamePasswordProviderClient::confirm_user. */
  confirmUser(token: string, tokenId: string): Promise<void> {
    return this.post('local-userpass/confirm', { token, tokenId });
  }

  /** app.cpp, UsernamePasswordProviderClient::resend_confirmation_email. */
  resendConfirmationEmail(email: string): Promise<void> {
    return this.post('local-userpass/confirm/send', { email });
  }

  /** app.cpp, UsernamePasswordProviderClient::retry_custom_confirmation. */
  retryCustomConfirmation(email: string): Promise<void> {
    return this.post('local-userpass/confirm/call', { email });
  }

  /** app.cpp, UsernamePasswordProviderClient::send_reset_password_email. */
  sendResetPasswordEmail(email: string): Promise<void> {
    return this.post('local-userpass/reset/send', { email });
  }

  /** app.cpp, UsernamePasswordProviderClient::reset_password: `{password, token, tokenId}`, in that order. */
  resetPassword(password: string, token: string, tokenId: string): Promise<void> {
    return this.post('local-userpass/reset', { password, token, tokenId });
  }

  /** app.cpp, UsernamePasswordProviderClient::call_reset_password_function: the arguments as core writes BSON (canonical Extended JSON). */
  callResetPasswordFunction(email: string, password: string, args: string[]): Promise<void> {
    return this.post('local-userpass/reset/call', { email, password, arguments: args });
  }

  /**
   * app.cpp, log_in_with_credentials: reuses a logged-in anonymous user without a request;
   * otherwise posts the credential with options.device, stores both tokens (read_user parses
   * both as JWTs: a user whose tokens do not parse is logged out, and the login fails with
   * BadToken), then reads the profile.
   */
  async logIn(credential: CoreCredential, linkingUser: CoreUser | null = null): Promise<CoreUser> {
    if (credential.provider === 'anon-user' && !linkingUser) {
      const anonymous = [...this.users.values()].find(
        (user) => this.isLoggedIn(user) && user.identities.length === 1 && user.identities[0]?.providerType === 'anon-user',
      );
      if (anonymous) return (this.currentUser = anonymous);
    }
    const { provider, ...payload } = credential;
    const sent = provider === 'custom-function' ? payload : credential;
    const body = JSON.stringify({ ...sent, options: { device: { ...DEVICE, appId: this.appId } } });
    const route = `/api/client/v2.0/app/${this.appId}/auth/providers/${credential.provider}/login${linkingUser ? '?link=true' : ''}`;
    const response = await this.doRequest('POST', route, linkingUser, linkingUser ? 'access' : 'none', body);
    CoreApp.fail(response);
    const json = parseDocument(response.body);
    let user: CoreUser;
    if (linkingUser) {
      linkingUser.accessToken = parseRealmJwt(stringField(json, 'access_token'));
      user = linkingUser;
    } else {
      user = this.createUser(
        stringField(json, 'user_id'),
        stringField(json, 'refresh_token'),
        stringField(json, 'access_token'),
        stringField(json, 'device_id'),
      );
      if (!this.isLoggedIn(user)) throw new CoreAppError('BadToken', 'Could not log in user: received malformed JWT');
    }
    await this.getProfile(user);
    this.currentUser = user;
    return user;
  }

  /** impl/app_metadata.cpp, create_user + read_user: tokens that do not parse log the user out. */
  private createUser(id: string, refreshToken: string, accessToken: string, deviceId: string): CoreUser {
    const user: CoreUser = this.users.get(id) ?? { id, accessToken: null, refreshToken: null, deviceId, identities: [], profileData: {} };
    user.deviceId = deviceId;
    try {
      user.accessToken = parseRealmJwt(accessToken);
      user.refreshToken = parseRealmJwt(refreshToken);
    } catch (error) {
      if (!(error instanceof CoreAppError)) throw error;
      user.accessToken = null;
      user.refreshToken = null;
    }
    this.users.set(id, user);
    return user;
  }

  isLoggedIn(user: CoreUser): boolean {
    return user.accessToken !== null;
  }

  /** app_user.cpp, User::custom_data: the access token's user_data. */
  customData(user: CoreUser): unknown {
    return user.accessToken?.userData ? toPlain(user.accessToken.userData) : undefined;
  }

  /** app.cpp, get_profile: identities need string id and provider_type; data must be a document. */
  async getProfile(user: CoreUser): Promise<void> {
    const response = await this.doAuthenticatedRequest('GET', '/api/client/v2.0/auth/profile', user, 'access');
    CoreApp.fail(response);
    const json = parseDocument(response.body);
    user.identities = field(json, 'identities', 'array').items.map((item) => {
      if (item.type !== 'document') throw new CoreAppError('MalformedJson', '?');
      return { id: stringField(item.fields, 'id'), providerType: stringField(item.fields, 'provider_type') };
    });
    user.profileData = toPlain(field(json, 'data', 'document')) as Record<string, unknown>;
  }

  /** app.cpp, refresh_access_token (also refresh_custom_data): POST /auth/session with the refresh token. */
  async refreshAccessToken(user: CoreUser): Promise<void> {
    if (!this.isLoggedIn(user)) throw new CoreAppError('ClientUserNotLoggedIn', 'The user is not logged in');
    const response = await this.doRequest('POST', '/api/client/v2.0/auth/session', user, 'refresh');
    CoreApp.fail(response);
    user.accessToken = parseRealmJwt(stringField(parseDocument(response.body), 'access_token'));
  }

  /** app_user.cpp, User::log_out (as handle_auth_failure does it): tokens are dropped on the device. */
  private logOutLocally(user: CoreUser): void {
    user.accessToken = null;
    user.refreshToken = null;
  }

  /** app.cpp, App::log_out: logged out locally first, then DELETE /auth/session with the refresh token. */
  async logOut(user: CoreUser): Promise<void> {
    const request = this.headersFor(user, 'refresh');
    this.logOutLocally(user);
    if (!this.locationUpdated) await this.requestLocation();
    CoreApp.fail(await this.send('DELETE', `${this.hostUrl}/api/client/v2.0/auth/session`, request, ''));
  }

  /** app.cpp, App::delete_user: DELETE /auth/delete with the access token. */
  async deleteUser(user: CoreUser): Promise<void> {
    CoreApp.fail(await this.doAuthenticatedRequest('DELETE', '/api/client/v2.0/auth/delete', user, 'access'));
    this.users.delete(user.id);
  }

  /** app.cpp, App::link_user: anonymous credentials are refused on the device. */
  async linkUser(user: CoreUser, credential: CoreCredential): Promise<CoreUser> {
    if (credential.provider === 'anon-user')
      throw new CoreAppError('ClientUserAlreadyNamed', 'Cannot add anonymous credentials to an existing user.');
    return this.logIn(credential, user);
  }

  /** app.cpp, UserAPIKeyProviderClient: every call authenticated by the refresh token. */
  apiKeys(user: CoreUser) {
    const path = (suffix = '') => `/api/client/v2.0/auth/api_keys${suffix}`;
    const one = async (response: CoreResponse) => {
      CoreApp.fail(response);
      return readUserApiKey(parseDocument(response.body));
    };
    const done = (response: CoreResponse) => CoreApp.fail(response);
    return {
      create: async (name: string) => one(await this.doAuthenticatedRequest('POST', path(), user, 'refresh', JSON.stringify({ name }))),
      fetch: async (id: string) => one(await this.doAuthenticatedRequest('GET', path(`/${id}`), user, 'refresh')),
      fetchAll: async () => {
        const response = await this.doAuthenticatedRequest('GET', path(), user, 'refresh');
        CoreApp.fail(response);
        let parsed: CoreBson;
        try {
          parsed = coreParseJson(response.body);
        } catch (error) {
          throw new CoreAppError('MalformedJson', (error as Error).message);
        }
        if (parsed.type !== 'array') throw new CoreAppError('MalformedJson', '?');
        return parsed.items.map((item) => {
          if (item.type !== 'document') throw new CoreAppError('MalformedJson', '?');
          return readUserApiKey(item.fields);
        });
      },
      enable: async (id: string) => done(await this.doAuthenticatedRequest('PUT', path(`/${id}/enable`), user, 'refresh')),
      disable: async (id: string) => done(await this.doAuthenticatedRequest('PUT', path(`/${id}/disable`), user, 'refresh')),
      delete: async (id: string) => done(await this.doAuthenticatedRequest('DELETE', path(`/${id}`), user, 'refresh')),
    };
  }

  /** app.cpp, call_function: POST …/functions/call with the access token. */
  async callFunction(user: CoreUser, name: string, args: unknown[]): Promise<void> {
    const body = `{"arguments":${JSON.stringify(args)},"name":${JSON.stringify(name)}}`;
    CoreApp.fail(await this.doAuthenticatedRequest('POST', `/api/client/v2.0/app/${this.appId}/functions/call`, user, 'access', body));
  }
}
