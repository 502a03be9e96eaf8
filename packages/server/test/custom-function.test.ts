import * as Realm from 'realm-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT, startTestServer, type TestServer } from './harness.js';
import { CoreApp, CoreCredentials } from './realm-core/core-client.js';
import { CoreAppError } from './realm-core/core-jwt.js';
import { startWebhook, type TestWebhook } from './webhook-server.js';

/**
 * The custom-function provider (App Services' authentication function) through a real webhook
 * server: the login's payload goes to the app's backend, signed; `{id}` lets the caller in,
 * `{error}` refuses. realm-web's Credentials.function and realm-core's request bodies.
 */

let server: TestServer;
let backend: TestWebhook;
let appId: string;

beforeAll(async () => {
  server = await startTestServer();
  backend = await startWebhook();
  appId = await server.createApp();
  backend.secret = (await server.admin<{ secret: string }>('POST', `/apps/${appId}/webhook_secret`)).body.secret;
  const set = await server.admin('PATCH', `/apps/${appId}`, {
    settings: { customFunctionWebhookUrl: backend.url, providers: ['local-userpass', 'custom-function'] },
  });
  if (set.status !== 200) throw new Error(set.text);
  backend.respond = (body) => {
    const payload = body.payload as { username?: string; pin?: string };
    return payload.pin === '1234' ? { id: `user-${payload.username}`, name: `Agent ${payload.username}` } : { error: 'wrong pin' };
  };
});
afterAll(async () => {
  await server.close();
  await backend.close();
});

describe('custom function logins', () => {
  it('sends the payload to the backend, signed, and logs in the identity it names, the same user each time', async () => {
    const realm = server.realmApp(appId);
    const user = await realm.logIn(Realm.Credentials.function({ username: 'ada', pin: '1234' }));
    expect(user.identities).toEqual([{ id: 'user-ada', providerType: 'custom-function' }]);
    expect(user.profile).toMatchObject({ name: 'Agent ada' });
    const call = backend.calls.at(-1)!;
    expect(call).toMatchObject({ event: 'login', signatureValid: true });
    // The clients' device document is not the app's business: only the payload goes.
    expect(call.body).toEqual({ event: 'login', app_id: appId, payload: { username: 'ada', pin: '1234' } });

    const core = new CoreApp(appId, server.url);
    const same = await core.logIn(CoreCredentials.function({ username: 'ada', pin: '1234' }));
    expect(same.id).toBe(user.id);
    expect(backend.calls.at(-1)!.body.payload).toEqual({ username: 'ada', pin: '1234' });

    // realm-core writes the payload as Extended JSON: the backend gets plain JSON values.
    const typed = await server.request('POST', `${CLIENT}/app/${appId}/auth/providers/custom-function/login`, {
      body: { username: 'ada', pin: '1234', attempt: { $numberInt: '2' }, options: { device: { sdk: 'Kotlin' } } },
    });
    expect(typed.status).toBe(200);
    expect(backend.calls.at(-1)!.body.payload).toEqual({ username: 'ada', pin: '1234', attempt: 2 });
  });

  it("refuses with the backend's reason when it answers {error}, and with WebhookFailed when it answers nonsense", async () => {
    const realm = server.realmApp(appId);
    const refused = await realm.logIn(Realm.Credentials.function({ username: 'ada', pin: '0000' })).catch((e: unknown) => e);
    expect(refused).toMatchObject({ errorCode: 'AuthError', statusCode: 401 });
    expect((refused as Realm.MongoDBRealmError).error).toContain('wrong pin');

    const previous = backend.respond;
    backend.respond = () => ({ user: 'ada' });
    const core = new CoreApp(appId, server.url);
    const nonsense = await core.logIn(CoreCredentials.function({ username: 'ada' })).catch((e: unknown) => e);
    expect(nonsense).toBeInstanceOf(CoreAppError);
    expect(nonsense).toMatchObject({ serverError: 'WebhookFailed', httpStatus: 502 });
    backend.respond = previous;
  });

  it('is refused until the app sets it up', async () => {
    const other = await server.createApp();
    const refused = await server
      .realmApp(other)
      .logIn(Realm.Credentials.function({ username: 'ada', pin: '1234' }))
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ errorCode: 'AuthProviderNotFound' });
    const noSecret = await server.admin('PATCH', `/apps/${other}`, { settings: { customFunctionWebhookUrl: backend.url } });
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.error).toContain("needs the app's webhook secret");
  });
});
