import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, Credentials, ERROR_CODES, LatchkeyError, MemoryStorage, type ErrorCode, type LatchkeyErrorCode } from '../src/index.js';
import { UNUSED_KEY_FIELDS, startServer, type RunningServer } from './server.js';

/** The SDK against the real server over HTTP: no mocked HTTP anywhere. */
let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

let emails = 0;
async function signedIn(appId: string, storage = new MemoryStorage(), fetchImpl?: typeof fetch) {
  const app = new App({ id: appId, baseUrl: server.url, storage, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  const email = `sdk-${++emails}-${Date.now()}@example.com`;
  await app.emailPasswordAuth.registerUser({ email, password: 'sdk-password' });
  const user = await app.logIn(Credentials.emailPassword(email, 'sdk-password'));
  return { app, user, email, storage };
}

async function refusal(promise: Promise<unknown>): Promise<LatchkeyError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LatchkeyError);
  return error as LatchkeyError;
}

describe('users', () => {
  it('registers, logs in, reads the profile and becomes the current user', async () => {
    const { app, user, email } = await signedIn(await server.createApp());
    expect(user.id).toMatch(/^[0-9a-f]{24}$/);
    expect(user.isLoggedIn).toBe(true);
    expect(user.profile.email).toBe(email);
    expect(user.identities).toEqual([expect.objectContaining({ providerType: 'local-userpass' })]);
    expect(app.currentUser).toBe(user);
    expect(Object.keys(app.allUsers)).toEqual([user.id]);
  });

  it('surfaces refusals as LatchkeyError with status and code', async () => {
    const { app, email } = await signedIn(await server.createApp());
    const wrong = await refusal(app.logIn(Credentials.emailPassword(email, 'not-it')));
    expect([wrong.statusCode, wrong.errorCode]).toEqual([401, 'InvalidPassword']);
    const offline = await refusal(
      new App({ id: 'demo', baseUrl: 'http://127.0.0.1:1', storage: new MemoryStorage() }).logIn(Credentials.anonymous()),
    );
    expect([offline.statusCode, offline.errorCode]).toEqual([0, 'NetworkError']);
  });

  it('keeps users across a reload through its storage', async () => {
    const appId = await server.createApp();
    const { user, storage } = await signedIn(appId);
    const reloaded = new App({ id: appId, baseUrl: server.url, storage });
    expect(reloaded.currentUser?.id).toBe(user.id);
    expect(reloaded.currentUser?.profile.email).toBe(user.profile.email);
    expect(await reloaded.currentUser!.apiKeys.fetchAll()).toEqual([]);
    expect(new App({ id: appId, baseUrl: server.url, storage: new MemoryStorage() }).currentUser).toBeNull();
  });

  it('logs out: the refresh token dies and the user is no longer current', async () => {
    const { app, user } = await signedIn(await server.createApp());
    const refreshToken = user.refreshToken!;
    await user.logOut();
    expect(user.isLoggedIn).toBe(false);
    expect(app.currentUser).toBeNull();
    const refreshed = await fetch(`${server.url}/api/client/v2.0/auth/session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${refreshToken}` },
    });
    expect(refreshed.status).toBe(401);
  });

  it('deletes a user with their keys', async () => {
    const { app, user } = await signedIn(await server.createApp());
    const { key } = await user.apiKeys.create('doomed');
    await app.deleteUser(user);
    expect(app.allUsers).toEqual({});
    expect(
      (await refusal(new App({ id: app.id, baseUrl: server.url, storage: new MemoryStorage() }).logIn(Credentials.apiKey(key)))).errorCode,
    ).toBe('AuthError');
  });
});

describe('linking', () => {
  it('links an email identity to an anonymous user, who keeps their id', async () => {
    const appId = await server.createApp();
    const app = new App({ id: appId, baseUrl: server.url, storage: new MemoryStorage() });
    const anonymous = await app.logIn(Credentials.anonymous());
    const email = `link-${Date.now()}@example.com`;
    await app.emailPasswordAuth.registerUser({ email, password: 'link-password' });
    await anonymous.linkCredentials(Credentials.emailPassword(email, 'link-password'));
    expect(anonymous.identities.map((identity) => identity.providerType).sort()).toEqual(['anon-user', 'local-userpass']);
    expect(anonymous.profile.email).toBe(email);
    const again = await app.logIn(Credentials.emailPassword(email, 'link-password'));
    expect(again.id).toBe(anonymous.id);
  });

  it('is refused to a session opened with an API key', async () => {
    const { app, user } = await signedIn(await server.createApp());
    const { key } = await user.apiKeys.create('device');
    const device = await new App({ id: app.id, baseUrl: server.url, storage: new MemoryStorage() }).logIn(Credentials.apiKey(key));
    const email = `other-${Date.now()}@example.com`;
    await app.emailPasswordAuth.registerUser({ email, password: 'other-password' });
    const refused = await refusal(device.linkCredentials(Credentials.emailPassword(email, 'other-password')));
    expect([refused.statusCode, refused.errorCode]).toEqual([403, 'APIKeySessionNotAllowed']);
  });
});

/** A login against a server that is not Latchkey, answering every request with `status` and `body`. */
async function logInAgainst(status: number, contentType: string, body: string): Promise<LatchkeyError> {
  const foreign = createServer((_request, response) => response.writeHead(status, { 'content-type': contentType }).end(body));
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = foreign.address() as AddressInfo;
    return await refusal(
      new App({ id: 'demo', baseUrl: `http://127.0.0.1:${port}`, storage: new MemoryStorage() }).logIn(Credentials.anonymous()),
    );
  } finally {
    foreign.close();
  }
}

describe('error codes', () => {
  it("are typed from the shared registry; an answer that is not Latchkey's is BadResponse", async () => {
    const error = await logInAgainst(502, 'text/html', '<h1>Bad Gateway</h1>');
    expect([error.statusCode, error.errorCode]).toEqual([502, 'BadResponse']);
    const code: LatchkeyErrorCode = 'InvalidSession';
    expect(ERROR_CODES[code as ErrorCode].status).toBe(401);
  });

  it('a code this SDK does not know (a newer server) is BadResponse, as in the admin SDK, the server naming it in the message', async () => {
    const error = await logInAgainst(409, 'application/json', '{"error":"a newer refusal","error_code":"FutureCode"}');
    expect([error.statusCode, error.errorCode]).toEqual([409, 'BadResponse']);
    expect(error.message).toContain('a newer refusal (server code FutureCode)');
  });
});

describe('custom user data', () => {
  it('reads user_data from the access token, and refreshCustomData picks up a change', async () => {
    const { user, app } = await signedIn(await server.createApp());
    expect(user.customData).toEqual({});
    expect(await server.admin('PUT', `/apps/${app.id}/users/${user.id}/custom_data`, { plan: 'pro', ünïcode: '✓' })).toBe(204);
    expect(user.customData).toEqual({});
    expect(await user.refreshCustomData()).toEqual({ plan: 'pro', ünïcode: '✓' });
    expect(user.customData).toEqual({ plan: 'pro', ünïcode: '✓' });
  });
});

describe('user.apiKeys', () => {
  it('creates, lists, fetches, disables, enables and deletes keys with the App Services shapes', async () => {
    const { app, user } = await signedIn(await server.createApp());
    const created = await user.apiKeys.create('laptop');
    expect(created).toEqual({
      _id: expect.stringMatching(/^[0-9a-f]{24}$/),
      key: expect.stringMatching(/^lku_/),
      name: 'laptop',
      disabled: false,
      ...UNUSED_KEY_FIELDS,
    });
    expect(await user.apiKeys.fetchAll()).toEqual([
      {
        _id: created._id,
        name: 'laptop',
        disabled: false,
        ...UNUSED_KEY_FIELDS,
      },
    ]);
    expect(await user.apiKeys.fetch(created._id)).toEqual({
      _id: created._id,
      name: 'laptop',
      disabled: false,
      ...UNUSED_KEY_FIELDS,
    });

    const device = await new App({ id: app.id, baseUrl: server.url, storage: new MemoryStorage() }).logIn(Credentials.apiKey(created.key));
    expect(device.id).toBe(user.id);

    await user.apiKeys.disable(created._id);
    expect((await user.apiKeys.fetch(created._id)).disabled).toBe(true);
    // The device's session died with the disable: its next call cannot refresh, so it is logged out.
    const revoked = await refusal(device.refreshProfile());
    expect(revoked.errorCode).toBe('InvalidSession');
    expect(device.isLoggedIn).toBe(false);

    await user.apiKeys.enable(created._id);
    expect((await user.apiKeys.fetch(created._id)).disabled).toBe(false);
    await user.apiKeys.delete(created._id);
    expect(await user.apiKeys.fetchAll()).toEqual([]);
    expect((await refusal(user.apiKeys.fetch(created._id))).errorCode).toBe('APIKeyNotFound');
  });

  it('refuses duplicates, bad names and anonymous owners with their codes', async () => {
    const { app, user } = await signedIn(await server.createApp());
    await user.apiKeys.create('dup');
    expect((await refusal(user.apiKeys.create('dup'))).errorCode).toBe('APIKeyAlreadyExists');
    expect((await refusal(user.apiKeys.create('no spaces'))).statusCode).toBe(400);
    const guest = await app.logIn(Credentials.anonymous());
    expect((await refusal(guest.apiKeys.create('nope'))).errorCode).toBe('APIKeyNotAllowed');
  });
});

describe('sessions', () => {
  it('refreshes a refused access token once, with one refresh shared by concurrent calls', async () => {
    const appId = await server.createApp();
    let refreshes = 0;
    const counting: typeof fetch = (input, init) => {
      if ((input instanceof Request ? input.url : input.toString()).endsWith('/auth/session') && init?.method === 'POST') refreshes++;
      return fetch(input, init);
    };
    const { user, storage } = await signedIn(appId, new MemoryStorage(), counting);
    // A reload finds an access token the server no longer accepts (here: one with a broken signature).
    const stored = JSON.parse(storage.get(`latchkey:${appId}:users`)!);
    stored[0].accessToken = `${user.accessToken!.slice(0, -4)}AAAA`;
    storage.set(`latchkey:${appId}:users`, JSON.stringify(stored));
    const reloaded = new App({ id: appId, baseUrl: server.url, storage, fetch: counting });
    const again = reloaded.currentUser!;
    expect(again.id).toBe(user.id);
    await Promise.all(Array.from({ length: 5 }, () => again.refreshProfile()));
    expect(refreshes).toBe(1);
    expect(again.accessToken).not.toBe(stored[0].accessToken);
    expect(JSON.parse(storage.get(`latchkey:${appId}:users`)!)[0].accessToken).toBe(again.accessToken);
  });

  it('switches between logged-in users and refuses strangers', async () => {
    const appId = await server.createApp();
    const storage = new MemoryStorage();
    const { app, user: first } = await signedIn(appId, storage);
    const second = await app.logIn(Credentials.anonymous());
    expect(app.currentUser).toBe(second);
    app.switchUser(first);
    expect(app.currentUser).toBe(first);
    const { user: stranger } = await signedIn(appId);
    expect(() => app.switchUser(stranger)).toThrow();
    let heard = 0;
    const stop = app.subscribe(() => heard++);
    await app.removeUser(second);
    expect(Object.keys(app.allUsers)).toEqual([first.id]);
    expect(heard).toBeGreaterThan(0);
    stop();
    const afterStop = heard;
    await first.logOut();
    expect(app.currentUser).toBeNull();
    expect(heard).toBe(afterStop);
  });
});
