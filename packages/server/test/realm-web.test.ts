import type { AccessTokenAnswer, ApiKey, CreatedApiKey, Profile } from '@latchkey/protocol';
import * as Realm from 'realm-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT, startTestServer, type TestServer, realmRefusal, UNUSED_KEY_FIELDS } from './harness.js';

/** What Latchkey adds to a key nobody has used yet, without expiry or scopes (App Services' clients ignore it). */
/** Every flow of the protocol, driven by the official realm-web@2 client with only baseUrl changed. */
let server: TestServer;
let clock: { now(): number; advance(ms: number): void };

beforeAll(async () => {
  let offset = 0;
  clock = {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
  server = await startTestServer({ clock });
});
afterAll(() => server.close());

async function registeredUser(app: Realm.App, email = `u${Math.random().toString(36).slice(2)}@example.com`) {
  const password = 'hunter2-but-longer';
  await app.emailPasswordAuth.registerUser({ email, password });
  const user = await app.logIn(Realm.Credentials.emailPassword(email, password));
  return { user, email, password };
}

describe('email/password users', () => {
  it('registers, logs in and reads the profile', async () => {
    const app = server.realmApp(await server.createApp());
    const { user, email } = await registeredUser(app);
    expect(user.id).toMatch(/^[0-9a-f]{24}$/);
    expect(user.isLoggedIn).toBe(true);
    expect(user.profile.email).toBe(email);
    expect(user.identities).toEqual([expect.objectContaining({ providerType: 'local-userpass' })]);
    expect(user.deviceId).toMatch(/^[0-9a-f]{24}$/);
    expect(app.currentUser?.id).toBe(user.id);
  });

  it('logging in twice gives the same user', async () => {
    const app = server.realmApp(await server.createApp());
    const { user, email, password } = await registeredUser(app);
    const again = await server.realmApp(app.id).logIn(Realm.Credentials.emailPassword(email, password));
    expect(again.id).toBe(user.id);
  });

  it('refuses a wrong password and an unknown email with the same code', async () => {
    const app = server.realmApp(await server.createApp());
    const { email } = await registeredUser(app);
    const wrong = await realmRefusal(app.logIn(Realm.Credentials.emailPassword(email, 'not-the-password')));
    const unknown = await realmRefusal(app.logIn(Realm.Credentials.emailPassword('nobody@example.com', 'not-the-password')));
    expect([wrong.statusCode, wrong.errorCode]).toEqual([401, 'InvalidPassword']);
    expect([unknown.statusCode, unknown.errorCode, unknown.error]).toEqual([401, 'InvalidPassword', wrong.error]);
  });

  it('refuses to register an email twice', async () => {
    const app = server.realmApp(await server.createApp());
    const { email } = await registeredUser(app);
    const error = await realmRefusal(app.emailPasswordAuth.registerUser({ email: email.toUpperCase(), password: 'whatever-pass' }));
    expect([error.statusCode, error.errorCode]).toEqual([409, 'AccountNameInUse']);
  });

  it('refreshes an expired access token transparently', async () => {
    const app = server.realmApp(await server.createApp());
    const { user } = await registeredUser(app);
    const before = user.accessToken;
    clock.advance(31 * 60 * 1000);
    try {
      await user.refreshProfile();
    } finally {
      clock.advance(-31 * 60 * 1000);
    }
    expect(user.accessToken).not.toBe(before);
  });

  it('logs out, after which the refresh token is dead', async () => {
    const app = server.realmApp(await server.createApp());
    const { user } = await registeredUser(app);
    const refreshToken = user.refreshToken!;
    await user.refreshAccessToken();
    const accessToken = user.accessToken!;
    await user.logOut();
    const profile = await server.request<Profile>('GET', `${CLIENT}/auth/profile`, { token: accessToken });
    expect([profile.status, profile.body.error_code]).toEqual([401, 'InvalidSession']);
    expect(user.isLoggedIn).toBe(false);
    const refreshed = await server.request<AccessTokenAnswer>('POST', `${CLIENT}/auth/session`, { token: refreshToken });
    expect([refreshed.status, refreshed.body.error_code]).toEqual([401, 'InvalidSession']);
  });

  it('deletes the user with everything they own', async () => {
    const app = server.realmApp(await server.createApp());
    const { user, email, password } = await registeredUser(app);
    const { key } = await user.apiKeys.create('before-deletion');
    const accessToken = user.accessToken!;
    await app.deleteUser(user);
    const profile = await server.request<Profile>('GET', `${CLIENT}/auth/profile`, { token: accessToken });
    expect([profile.status, profile.body.error_code]).toEqual([401, 'InvalidSession']);
    const keyLogin = await realmRefusal(server.realmApp(app.id).logIn(Realm.Credentials.apiKey(key)));
    expect([keyLogin.statusCode, keyLogin.errorCode]).toEqual([401, 'AuthError']);
    const passwordLogin = await realmRefusal(server.realmApp(app.id).logIn(Realm.Credentials.emailPassword(email, password)));
    expect(passwordLogin.errorCode).toBe('InvalidPassword');
  });
});

describe('anonymous users', () => {
  it('logs in anonymously and cannot create API keys', async () => {
    const app = server.realmApp(await server.createApp());
    const user = await app.logIn(Realm.Credentials.anonymous());
    expect(user.providerType).toBe('anon-user');
    expect(user.identities).toEqual([expect.objectContaining({ providerType: 'anon-user' })]);
    const error = await realmRefusal(user.apiKeys.create('nope'));
    expect([error.statusCode, error.errorCode]).toEqual([403, 'APIKeyNotAllowed']);
  });

  it('links an email identity to an anonymous user, who keeps their id and may then own keys', async () => {
    const app = server.realmApp(await server.createApp());
    const anonymous = await app.logIn(Realm.Credentials.anonymous());
    const email = `linked-${Date.now()}@example.com`;
    await app.emailPasswordAuth.registerUser({ email, password: 'linking-password' });
    await anonymous.linkCredentials(Realm.Credentials.emailPassword(email, 'linking-password'));
    expect(anonymous.identities.map((identity) => identity.providerType).sort()).toEqual(['anon-user', 'local-userpass']);
    const key = await anonymous.apiKeys.create('after-link');
    expect(key.key).toMatch(/^lku_/);
    const viaPassword = await server.realmApp(app.id).logIn(Realm.Credentials.emailPassword(email, 'linking-password'));
    expect(viaPassword.id).toBe(anonymous.id);
  });
});

describe('user API keys', () => {
  it('creates a key whose secret is shown once, then lists and fetches it without the secret', async () => {
    const app = server.realmApp(await server.createApp());
    const { user } = await registeredUser(app);
    const created = await user.apiKeys.create('my-device_1');
    // App Services' fields, then Latchkey's, which realm-web passes through untouched.
    expect(created).toEqual({
      _id: expect.stringMatching(/^[0-9a-f]{24}$/),
      key: expect.stringMatching(/^lku_[0-9A-Za-z]{49}$/),
      name: 'my-device_1',
      disabled: false,
      ...UNUSED_KEY_FIELDS,
    });
    const all = await user.apiKeys.fetchAll();
    expect(all).toEqual([
      {
        _id: created._id,
        name: 'my-device_1',
        disabled: false,
        ...UNUSED_KEY_FIELDS,
      },
    ]);
    expect(await user.apiKeys.fetch(created._id)).toEqual({
      _id: created._id,
      name: 'my-device_1',
      disabled: false,
      ...UNUSED_KEY_FIELDS,
    });
  });

  it('logs in with a key as the user who owns it', async () => {
    const app = server.realmApp(await server.createApp());
    const { user, email } = await registeredUser(app);
    const { key } = await user.apiKeys.create('script');
    const device = await server.realmApp(app.id).logIn(Realm.Credentials.apiKey(key));
    expect(device.id).toBe(user.id);
    expect(device.profile.email).toBe(email);
  });

  it('a disabled key cannot log in, and the sessions it opened are revoked; enabling lets it log in again', async () => {
    const app = server.realmApp(await server.createApp());
    const { user } = await registeredUser(app);
    const { _id, key } = await user.apiKeys.create('toggle');
    const device = await server.realmApp(app.id).logIn(Realm.Credentials.apiKey(key));
    const deviceAccess = device.accessToken!;
    const deviceRefresh = device.refreshToken!;
    // Used once before the revocation, so the server holds this session in its cache.
    await device.refreshProfile();
    expect((await server.request<ApiKey[]>('GET', `${CLIENT}/auth/api_keys`, { token: deviceRefresh })).status).toBe(200);

    await user.apiKeys.disable(_id);
    expect(await user.apiKeys.fetch(_id)).toMatchObject({ disabled: true });
    const refused = await realmRefusal(server.realmApp(app.id).logIn(Realm.Credentials.apiKey(key)));
    expect([refused.statusCode, refused.errorCode]).toEqual([401, 'AuthError']);
    expect((await server.request<Profile>('GET', `${CLIENT}/auth/profile`, { token: deviceAccess })).status).toBe(401);
    expect((await server.request<AccessTokenAnswer>('POST', `${CLIENT}/auth/session`, { token: deviceRefresh })).status).toBe(401);

    await user.apiKeys.enable(_id);
    expect(await user.apiKeys.fetch(_id)).toMatchObject({ disabled: false });
    const back = await server.realmApp(app.id).logIn(Realm.Credentials.apiKey(key));
    expect(back.id).toBe(user.id);
    // Re-enabling does not resurrect the sessions revoked by disabling.
    expect((await server.request<AccessTokenAnswer>('POST', `${CLIENT}/auth/session`, { token: deviceRefresh })).status).toBe(401);
  });

  it('a deleted key cannot log in and is gone from the list', async () => {
    const app = server.realmApp(await server.createApp());
    const { user } = await registeredUser(app);
    const { _id, key } = await user.apiKeys.create('doomed');
    const device = await server.realmApp(app.id).logIn(Realm.Credentials.apiKey(key));
    await device.refreshProfile();
    await user.apiKeys.delete(_id);
    expect(await user.apiKeys.fetchAll()).toEqual([]);
    const missing = await realmRefusal(user.apiKeys.fetch(_id));
    expect([missing.statusCode, missing.errorCode]).toEqual([404, 'APIKeyNotFound']);
    const refused = await realmRefusal(server.realmApp(app.id).logIn(Realm.Credentials.apiKey(key)));
    expect(refused.errorCode).toBe('AuthError');
    expect((await server.request<Profile>('GET', `${CLIENT}/auth/profile`, { token: device.accessToken! })).status).toBe(401);
  });

  it('refuses a duplicate name, a bad name and a missing name', async () => {
    const app = server.realmApp(await server.createApp());
    const { user } = await registeredUser(app);
    await user.apiKeys.create('dup');
    const duplicate = await realmRefusal(user.apiKeys.create('dup'));
    expect([duplicate.statusCode, duplicate.errorCode]).toEqual([409, 'APIKeyAlreadyExists']);
    const bad = await realmRefusal(user.apiKeys.create('has spaces!'));
    expect([bad.statusCode, bad.errorCode]).toEqual([400, 'InvalidParameter']);
    const long = await realmRefusal(user.apiKeys.create('x'.repeat(65)));
    expect(long.errorCode).toBe('InvalidParameter');
    const missing = await server.request<CreatedApiKey>('POST', `${CLIENT}/auth/api_keys`, { token: user.refreshToken!, body: {} });
    expect([missing.status, missing.body.error_code]).toEqual([400, 'MissingParameter']);
  });

  it('allows 20 keys per user and refuses the 21st', async () => {
    const app = server.realmApp(await server.createApp());
    const { user } = await registeredUser(app);
    for (let i = 0; i < 20; i++) await user.apiKeys.create(`key-${i}`);
    const over = await realmRefusal(user.apiKeys.create('key-20'));
    expect([over.statusCode, over.errorCode]).toEqual([403, 'APIKeyLimitReached']);
    expect(await user.apiKeys.fetchAll()).toHaveLength(20);
  });

  it('the same name may be used by two different users', async () => {
    const app = server.realmApp(await server.createApp());
    const { user: first } = await registeredUser(app);
    const { user: second } = await registeredUser(server.realmApp(app.id));
    await first.apiKeys.create('laptop');
    await expect(second.apiKeys.create('laptop')).resolves.toMatchObject({ name: 'laptop' });
  });
});

describe('server API keys', () => {
  it('log in as a server user that cannot create user keys', async () => {
    const clientAppId = await server.createApp();
    const created = await server.admin<CreatedApiKey>('POST', `/apps/${clientAppId}/api_keys`, { name: 'backend' });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^lks_/);
    const user = await server.realmApp(clientAppId).logIn(Realm.Credentials.apiKey(created.body.key));
    expect(user.providerType).toBe('api-key');
    expect((await server.request<Profile>('GET', `${CLIENT}/auth/profile`, { token: user.accessToken! })).body.type).toBe('server');
    const error = await realmRefusal(user.apiKeys.create('nope'));
    expect(error.errorCode).toBe('APIKeyNotAllowed');
  });
});

describe('custom user data', () => {
  it('user.customData shows what an operator set, after refreshCustomData()', async () => {
    const app = server.realmApp(await server.createApp());
    const { user } = await registeredUser(app);
    expect(user.customData).toEqual({});
    const set = await server.admin('PUT', `/apps/${app.id}/users/${user.id}/custom_data`, { favouriteColour: 'teal', level: 7 });
    expect(set.status).toBe(204);
    expect(user.customData).toEqual({});
    expect(await user.refreshCustomData()).toEqual({ favouriteColour: 'teal', level: 7 });
    expect(user.customData).toEqual({ favouriteColour: 'teal', level: 7 });
    const again = await server.realmApp(app.id).logIn(Realm.Credentials.emailPassword(user.profile.email!, 'hunter2-but-longer'));
    expect(again.customData).toEqual({ favouriteColour: 'teal', level: 7 });
  });
});
