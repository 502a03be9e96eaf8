import type { AccessTokenAnswer, AdminUser, ApiKey, App, CreatedApiKey, LoginAnswer, Profile, WebhookSecret } from '@latchkey/protocol';
import * as Realm from 'realm-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT, startTestServer, type TestServer } from './harness.js';

/** The operator's side of users: find them, create one, cut one off, log one out, delete one, reach their keys. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const PASSWORD = 'operator-test-password';
let counter = 0;
const address = () => `admin-user-${Date.now().toString(36)}-${++counter}@example.com`;
const USERPASS = (appId: string) => `${CLIENT}/app/${appId}/auth/providers/local-userpass`;

async function signUp(appId: string, email = address()) {
  expect((await server.request('POST', `${USERPASS(appId)}/register`, { body: { email, password: PASSWORD } })).status).toBe(201);
  const login = await server.request<LoginAnswer>('POST', `${USERPASS(appId)}/login`, { body: { username: email, password: PASSWORD } });
  expect(login.status).toBe(200);
  return {
    email,
    userId: login.body.user_id,
    access: login.body.access_token,
    refresh: login.body.refresh_token as string,
  };
}

const keyLogin = (appId: string, key: string) =>
  server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/api-key/login`, { body: { key } });
const passwordLogin = (appId: string, email: string) =>
  server.request<LoginAnswer>('POST', `${USERPASS(appId)}/login`, { body: { username: email, password: PASSWORD } });
const profile = (access: string) => server.request<Profile>('GET', `${CLIENT}/auth/profile`, { token: access });
const newKey = async (refresh: string, name: string) => {
  const created = await server.request<CreatedApiKey>('POST', `${CLIENT}/auth/api_keys`, { token: refresh, body: { name } });
  expect(created.status).toBe(201);
  return created.body as { _id: string; key: string };
};

describe('listing and finding users', () => {
  it('lists users newest first with identities and key counts, pages with after, and filters', async () => {
    const appId = await server.createApp();
    const first = await signUp(appId);
    const second = await signUp(appId);
    await newKey(second.refresh, 'laptop');
    const anonymous = await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/anon-user/login`);
    const serverKey = await server.admin<CreatedApiKey>('POST', `/apps/${appId}/api_keys`, { name: 'backend' });

    const all = await server.admin<AdminUser[]>('GET', `/apps/${appId}/users`);
    expect(all.status).toBe(200);
    expect(all.body.map((user: { _id: string }) => user._id)).toHaveLength(4);
    const [newest] = all.body;
    expect(newest?.type).toBe('server');
    const mine = all.body.find((user: { _id: string }) => user._id === second.userId);
    expect(mine).toEqual({
      _id: second.userId,
      type: 'normal',
      disabled: false,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      last_login_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      identities: [{ id: expect.any(String), provider_type: 'local-userpass', email: second.email }],
      api_key_count: 1,
      imported_at: null,
    });

    const page1 = await server.admin<AdminUser[]>('GET', `/apps/${appId}/users?limit=2`);
    const page2 = await server.admin<AdminUser[]>('GET', `/apps/${appId}/users?limit=2&after=${page1.body[1]!._id}`);
    expect([...page1.body, ...page2.body].map((user: { _id: string }) => user._id)).toEqual(
      all.body.map((user: { _id: string }) => user._id),
    );

    const byEmail = await server.admin<AdminUser[]>('GET', `/apps/${appId}/users?email=${encodeURIComponent(first.email.toUpperCase())}`);
    expect(byEmail.body.map((user: { _id: string }) => user._id)).toEqual([first.userId]);
    const anonymousOnes = await server.admin<AdminUser[]>('GET', `/apps/${appId}/users?provider=anon-user`);
    expect(anonymousOnes.body.map((user: { _id: string }) => user._id)).toEqual([anonymous.body.user_id]);
    const servers = await server.admin<AdminUser[]>('GET', `/apps/${appId}/users?type=server`);
    expect(servers.body).toHaveLength(1);
    expect(servers.body[0]!.identities[0]!.id).toBe(serverKey.body._id);
    await server.admin('PUT', `/apps/${appId}/users/${first.userId}/disable`);
    const disabled = await server.admin<AdminUser[]>('GET', `/apps/${appId}/users?disabled=true`);
    expect(disabled.body.map((user: { _id: string }) => user._id)).toEqual([first.userId]);
    expect((await server.admin<AdminUser[]>('GET', `/apps/${appId}/users?disabled=false`)).body).toHaveLength(3);
  });

  it('finds one user, and answers UserNotFound for users of other apps and unknown ids', async () => {
    const appId = await server.createApp();
    const otherApp = await server.createApp();
    const user = await signUp(appId);
    const found = await server.admin<AdminUser>('GET', `/apps/${appId}/users/${user.userId}`);
    expect([found.status, found.body._id]).toEqual([200, user.userId]);
    expect(JSON.stringify(found.body)).not.toMatch(/hash|password|custom_data/i);
    for (const path of [`/apps/${otherApp}/users/${user.userId}`, `/apps/${appId}/users/${'0'.repeat(24)}`]) {
      const missing = await server.admin('GET', path);
      expect([missing.status, missing.body.error_code]).toEqual([404, 'UserNotFound']);
    }
  });

  it('refuses bad paging and filters with coded 400s', async () => {
    const appId = await server.createApp();
    for (const query of [
      'limit=0',
      'limit=1001',
      'limit=ten',
      'after=nope',
      'disabled=maybe',
      'provider=github',
      'type=admin',
      'colour=red',
    ]) {
      const refused = await server.admin<AdminUser[]>('GET', `/apps/${appId}/users?${query}`);
      expect([query, refused.status, refused.body.error_code]).toEqual([query, 400, 'InvalidParameter']);
      expect(refused.headers.get('content-type')).toBe('application/json');
    }
  });
});

describe('creating and deleting users', () => {
  it('creates a confirmed email/password user who can log in at once', async () => {
    // An app whose own registrations wait for its webhook: the operator's user is confirmed regardless.
    const appId = await server.createApp();
    expect((await server.admin<WebhookSecret>('POST', `/apps/${appId}/webhook_secret`)).status).toBe(201);
    const settings = { autoConfirm: false, confirmationWebhookUrl: 'http://127.0.0.1:9/confirm' };
    expect((await server.admin<App>('PATCH', `/apps/${appId}`, { settings })).status).toBe(200);
    const email = address();
    const created = await server.admin<AdminUser>('POST', `/apps/${appId}/users`, { email, password: PASSWORD });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'normal', disabled: false, last_login_at: null, api_key_count: 0 });
    expect(created.body.identities).toEqual([{ id: expect.any(String), provider_type: 'local-userpass', email }]);
    const login = await passwordLogin(appId, email);
    expect([login.status, login.body.user_id]).toEqual([200, created.body._id]);

    const again = await server.admin<AdminUser>('POST', `/apps/${appId}/users`, { email: email.toUpperCase(), password: PASSWORD });
    expect([again.status, again.body.error_code]).toEqual([409, 'AccountNameInUse']);
    const short = await server.admin<AdminUser>('POST', `/apps/${appId}/users`, { email: address(), password: '123' });
    expect([short.status, short.body.error_code]).toEqual([400, 'InvalidParameter']);
  });

  it('deletes a user with their keys and sessions', async () => {
    const appId = await server.createApp();
    const user = await signUp(appId);
    const key = await newKey(user.refresh, 'script');
    expect((await server.admin('DELETE', `/apps/${appId}/users/${user.userId}`)).status).toBe(204);
    expect((await profile(user.access)).body.error_code).toBe('InvalidSession');
    expect((await keyLogin(appId, key.key)).body.error_code).toBe('AuthError');
    expect((await server.admin<AdminUser>('GET', `/apps/${appId}/users/${user.userId}`)).status).toBe(404);
    expect((await server.admin('DELETE', `/apps/${appId}/users/${user.userId}`)).body.error_code).toBe('UserNotFound');
  });
});

describe('disabling a user', () => {
  it('refuses every login with UserDisabled and ends every session at once; enabling restores logins, not sessions', async () => {
    const appId = await server.createApp();
    const user = await signUp(appId);
    const key = await newKey(user.refresh, 'device');
    const keySession = await keyLogin(appId, key.key);
    expect(keySession.status).toBe(200);

    expect((await server.admin('PUT', `/apps/${appId}/users/${user.userId}/disable`)).status).toBe(204);
    for (const login of [await passwordLogin(appId, user.email), await keyLogin(appId, key.key)]) {
      expect([login.status, login.body.error_code]).toEqual([401, 'UserDisabled']);
    }
    for (const token of [user.access, keySession.body.access_token]) expect((await profile(token)).body.error_code).toBe('InvalidSession');
    const refreshed = await server.request<AccessTokenAnswer>('POST', `${CLIENT}/auth/session`, { token: user.refresh });
    expect(refreshed.body.error_code).toBe('InvalidSession');
    expect((await server.admin<AdminUser>('GET', `/apps/${appId}/users/${user.userId}`)).body.disabled).toBe(true);

    // realm-web users see the same code.
    const realm = new Realm.App({ id: appId, baseUrl: server.url });
    await expect(realm.logIn(Realm.Credentials.emailPassword(user.email, PASSWORD))).rejects.toMatchObject({ errorCode: 'UserDisabled' });

    expect((await server.admin('PUT', `/apps/${appId}/users/${user.userId}/enable`)).status).toBe(204);
    expect((await profile(user.access)).body.error_code).toBe('InvalidSession');
    expect((await passwordLogin(appId, user.email)).status).toBe(200);
    expect((await keyLogin(appId, key.key)).status).toBe(200);
  });

  it('disables a server key user too, and answers UserNotFound across apps', async () => {
    const appId = await server.createApp();
    const otherApp = await server.createApp();
    const serverKey = await server.admin<CreatedApiKey>('POST', `/apps/${appId}/api_keys`, { name: 'backend' });
    const session = await keyLogin(appId, serverKey.body.key);
    const serverUser = session.body.user_id;
    expect((await server.admin('PUT', `/apps/${otherApp}/users/${serverUser}/disable`)).body.error_code).toBe('UserNotFound');
    expect((await server.admin('PUT', `/apps/${appId}/users/${serverUser}/disable`)).status).toBe(204);
    expect((await keyLogin(appId, serverKey.body.key)).body.error_code).toBe('UserDisabled');
    expect((await profile(session.body.access_token)).body.error_code).toBe('InvalidSession');
  });
});

describe('logging a user out everywhere', () => {
  it('ends every session of the user, who can log in again', async () => {
    const appId = await server.createApp();
    const user = await signUp(appId);
    const second = await passwordLogin(appId, user.email);
    const other = await signUp(appId);
    expect((await server.admin('PUT', `/apps/${appId}/users/${user.userId}/logout`)).status).toBe(204);
    for (const token of [user.access, second.body.access_token]) expect((await profile(token)).body.error_code).toBe('InvalidSession');
    expect((await profile(other.access)).status).toBe(200);
    expect((await passwordLogin(appId, user.email)).status).toBe(200);
  });
});

describe("an operator reaching a user's keys", () => {
  it('lists them without secrets, disables, enables and deletes them, ending the sessions they opened', async () => {
    const appId = await server.createApp();
    const user = await signUp(appId);
    const key = await newKey(user.refresh, 'leaked');
    const keySession = await keyLogin(appId, key.key);

    const listed = await server.admin<ApiKey[]>('GET', `/apps/${appId}/users/${user.userId}/api_keys`);
    expect(listed.body).toEqual([
      // Its login is a use: this node writes its batch of uses before answering an operator.
      {
        _id: key._id,
        name: 'leaked',
        disabled: false,
        created_at: expect.any(String),
        last_used_at: expect.any(String),
        expires_at: null,
        scopes: [],
        previous_secret_valid_until: null,
      },
    ]);
    expect(listed.text).not.toContain(key.key);

    expect((await server.admin('PUT', `/apps/${appId}/users/${user.userId}/api_keys/${key._id}/disable`)).status).toBe(204);
    expect((await profile(keySession.body.access_token)).body.error_code).toBe('InvalidSession');
    expect((await keyLogin(appId, key.key)).body.error_code).toBe('AuthError');
    expect((await profile(user.access)).status).toBe(200);
    expect((await server.admin<ApiKey>('GET', `/apps/${appId}/users/${user.userId}/api_keys/${key._id}`)).body.disabled).toBe(true);
    expect((await server.admin('PUT', `/apps/${appId}/users/${user.userId}/api_keys/${key._id}/enable`)).status).toBe(204);
    expect((await keyLogin(appId, key.key)).status).toBe(200);
    expect((await server.admin('DELETE', `/apps/${appId}/users/${user.userId}/api_keys/${key._id}`)).status).toBe(204);
    expect((await keyLogin(appId, key.key)).body.error_code).toBe('AuthError');
  });

  it("never reaches another user's key or a user of another app", async () => {
    const appId = await server.createApp();
    const otherApp = await server.createApp();
    const owner = await signUp(appId);
    const stranger = await signUp(appId);
    const key = await newKey(owner.refresh, 'mine');
    for (const [method, path] of [
      ['PUT', `/apps/${appId}/users/${stranger.userId}/api_keys/${key._id}/disable`],
      ['DELETE', `/apps/${appId}/users/${stranger.userId}/api_keys/${key._id}`],
      ['GET', `/apps/${appId}/users/${stranger.userId}/api_keys/${key._id}`],
    ] as const) {
      const refused = await server.admin(method, path);
      expect([path, refused.status, refused.body.error_code]).toEqual([path, 404, 'APIKeyNotFound']);
    }
    const acrossApps = await server.admin<ApiKey[]>('GET', `/apps/${otherApp}/users/${owner.userId}/api_keys`);
    expect([acrossApps.status, acrossApps.body.error_code]).toEqual([404, 'UserNotFound']);
    expect((await keyLogin(appId, key.key)).status).toBe(200);
  });
});

describe('deleting an app', () => {
  it('removes the app with its users, keys and sessions; its tokens stop working', async () => {
    const appId = await server.createApp();
    const user = await signUp(appId);
    const key = await newKey(user.refresh, 'gone');
    expect((await server.admin('DELETE', `/apps/${appId}`)).status).toBe(204);
    expect((await server.admin<App>('GET', `/apps/${appId}`)).body.error_code).toBe('AppNotFound');
    expect((await profile(user.access)).body.error_code).toBe('InvalidSession');
    expect((await keyLogin(appId, key.key)).body.error_code).toBe('AppNotFound');
    expect((await server.admin('DELETE', `/apps/${appId}`)).body.error_code).toBe('AppNotFound');
    const again = await server.admin<App>('POST', '/apps', { client_app_id: appId });
    expect(again.status).toBe(201);
    expect((await server.admin<AdminUser[]>('GET', `/apps/${appId}/users`)).body).toEqual([]);
  });
});
