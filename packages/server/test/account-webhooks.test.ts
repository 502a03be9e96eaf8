import type { AccessTokenAnswer, App, WebhookSecret } from '@latchkey/protocol';
import * as Realm from 'realm-web';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT, startTestServer, type TestServer, realmRefusal } from './harness.js';
import { until } from './nodes.js';
import { startWebhook, type TestWebhook } from './webhook-server.js';

/**
 * Confirmation and reset decided by the app's own backend (App Services' confirmation and reset
 * functions), called as a signed webhook on a real HTTP server on loopback.
 */
let server: TestServer;
let hook: TestWebhook;

beforeAll(async () => {
  hook = await startWebhook();
  server = await startTestServer({ env: { LATCHKEY_WEBHOOK_TIMEOUT_SECONDS: '1' } });
});
afterAll(async () => {
  await server.close();
  await hook.close();
});
beforeEach(() => {
  hook.calls.length = 0;
  hook.answer = 'success';
});

let counter = 0;
const address = () => `hook-${Date.now().toString(36)}-${++counter}@example.com`;

/** An app whose confirmations and resets go to the test webhook, signed with a fresh secret. */
async function webhookApp(settings: Record<string, unknown>): Promise<Realm.App> {
  const appId = await server.createApp();
  hook.secret = (await server.admin<WebhookSecret>('POST', `/apps/${appId}/webhook_secret`)).body.secret;
  expect(hook.secret).toMatch(/^lkw_/);
  const patched = await server.admin<App>('PATCH', `/apps/${appId}`, { settings });
  expect(patched.status).toBe(200);
  expect(patched.body.has_webhook_secret).toBe(true);
  expect(patched.text).not.toContain(hook.secret);
  return server.realmApp(appId);
}

describe('a confirmation webhook', () => {
  const settings = () => ({ autoConfirm: false, confirmationWebhookUrl: hook.url });

  it('is called, signed, with the token, tokenId and address; success confirms at once', async () => {
    const app = await webhookApp(settings());
    const email = address();
    await app.emailPasswordAuth.registerUser({ email, password: 'webhook-password' });
    expect(hook.calls).toEqual([
      {
        event: 'confirm',
        signatureValid: true,
        body: {
          event: 'confirm',
          app_id: app.id,
          token: expect.stringMatching(/^lkt_/),
          tokenId: expect.stringMatching(/^[0-9a-f]{24}$/),
          username: email,
        },
      },
    ]);
    await app.logIn(Realm.Credentials.emailPassword(email, 'webhook-password'));
  });

  it('pending leaves the user unconfirmed until the token the webhook got is used', async () => {
    const app = await webhookApp(settings());
    hook.answer = 'pending';
    const email = address();
    await app.emailPasswordAuth.registerUser({ email, password: 'webhook-password' });
    expect((await realmRefusal(app.logIn(Realm.Credentials.emailPassword(email, 'webhook-password')))).errorCode).toBe('UserNotConfirmed');
    await app.emailPasswordAuth.retryCustomConfirmation({ email });
    await until(() => hook.calls.length === 2, 'the confirmation webhook to be asked again');
    const { token, tokenId } = hook.calls[1]!.body as { token: string; tokenId: string };
    await app.emailPasswordAuth.confirmUser({ token, tokenId });
    await app.logIn(Realm.Credentials.emailPassword(email, 'webhook-password'));
  });

  it('fail refuses the registration and forgets it, so the address can register again', async () => {
    const app = await webhookApp(settings());
    hook.answer = 'fail';
    const email = address();
    const refused = await realmRefusal(app.emailPasswordAuth.registerUser({ email, password: 'webhook-password' }));
    expect([refused.statusCode, refused.errorCode]).toEqual([403, 'WebhookRefused']);
    hook.answer = 'success';
    await app.emailPasswordAuth.registerUser({ email, password: 'webhook-password' });
  });

  it('that never answers is given up after three attempts with WebhookFailed, and the registration undone', async () => {
    const app = await webhookApp(settings());
    hook.answer = 'hang';
    const email = address();
    const failed = await realmRefusal(app.emailPasswordAuth.registerUser({ email, password: 'webhook-password' }));
    expect([failed.statusCode, failed.errorCode]).toEqual([502, 'WebhookFailed']);
    expect(hook.calls).toHaveLength(3);
    expect(failed.message).not.toContain(hook.url);
    hook.answer = 500;
    expect((await realmRefusal(app.emailPasswordAuth.registerUser({ email, password: 'webhook-password' }))).errorCode).toBe(
      'WebhookFailed',
    );
    expect(hook.calls).toHaveLength(6);
  });
});

describe('a reset webhook', () => {
  async function resetApp() {
    const app = await webhookApp({ resetWebhookUrl: hook.url });
    const email = address();
    await app.emailPasswordAuth.registerUser({ email, password: 'old-password' });
    const user = await app.logIn(Realm.Credentials.emailPassword(email, 'old-password'));
    return { app, email, user };
  }

  const logsIn = (app: Realm.App, email: string, password: string) =>
    app.logIn(Realm.Credentials.emailPassword(email, password)).then(
      () => true,
      () => false,
    );

  it('gets the address and the arguments, never the password; success sets it and ends the sessions', async () => {
    const { app, email, user } = await resetApp();
    const refreshToken = user.refreshToken!;
    await app.emailPasswordAuth.callResetPasswordFunction({ email, password: 'new-password' }, 'security answer', 42);
    await until(() => hook.calls.length > 0, 'the reset webhook to be called');
    const [call] = hook.calls;
    // realm-web sends the arguments as canonical Extended JSON, and Latchkey passes them on as sent.
    expect(call).toMatchObject({
      event: 'reset',
      signatureValid: true,
      body: { username: email, arguments: ['security answer', { $numberInt: '42' }] },
    });
    expect(JSON.stringify(call!.body)).not.toContain('new-password');
    await until(() => logsIn(app, email, 'new-password'), "the webhook's success to set the password");
    expect((await server.request<AccessTokenAnswer>('POST', `${CLIENT}/auth/session`, { token: refreshToken })).status).toBe(401);
    expect((await realmRefusal(app.logIn(Realm.Credentials.emailPassword(email, 'old-password')))).errorCode).toBe('InvalidPassword');
  });

  it('pending leaves the password until resetPassword with the token; fail changes nothing, and the caller is told nothing', async () => {
    const { app, email } = await resetApp();
    hook.answer = 'pending';
    await app.emailPasswordAuth.callResetPasswordFunction({ email, password: 'not-this-one' });
    await until(() => hook.calls.length === 1, 'the reset webhook to be called');
    await app.logIn(Realm.Credentials.emailPassword(email, 'old-password'));
    const { token, tokenId } = hook.calls[0]!.body as { token: string; tokenId: string };
    await app.emailPasswordAuth.resetPassword({ token, tokenId, password: 'chosen-later' });
    await app.logIn(Realm.Credentials.emailPassword(email, 'chosen-later'));
    hook.answer = 'fail';
    await app.emailPasswordAuth.callResetPasswordFunction({ email, password: 'refused-one' });
    await until(() => hook.calls.length === 2, 'the reset webhook to be called again');
    await server.latchkey.idle();
    await app.logIn(Realm.Credentials.emailPassword(email, 'chosen-later'));
    expect(await logsIn(app, email, 'refused-one')).toBe(false);
  });

  it('answers a registered and an unknown address alike and before the webhook answers, whatever the webhook does', async () => {
    const { app, email } = await resetApp();
    const call = (who: string) =>
      server.request('POST', `${CLIENT}/app/${app.id}/auth/providers/local-userpass/reset/call`, {
        body: { email: who, password: 'a-new-password', arguments: [] },
      });
    const strip = (answer: { status: number; headers: Headers; text: string }) => ({
      status: answer.status,
      text: answer.text,
      headers: [...answer.headers].filter(([name]) => name !== 'date' && !name.startsWith('x-ratelimit')),
    });
    for (const outcome of ['hang', 'fail', 500] as const) {
      hook.answer = outcome;
      hook.calls.length = 0;
      const known = await call(email);
      // The webhook has not answered (it never will, or not yet): the caller has its answer already.
      const unknown = await call(address());
      expect(strip(known)).toEqual(strip(unknown));
      expect(known.status).toBe(204);
      await until(() => hook.calls.length > 0, 'the reset webhook to be called');
      expect(hook.calls.every((recorded) => recorded.body.username === email)).toBe(true);
    }
    hook.answer = 'fail';
    hook.release();
    await server.latchkey.idle();
    await app.logIn(Realm.Credentials.emailPassword(email, 'old-password'));
  });

  it('refuses arguments nested thousands deep with one coded 400, alike for known and unknown addresses, before anything runs', async () => {
    const { app, email } = await resetApp();
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const call = (who: string) =>
      server.request('POST', `${CLIENT}/app/${app.id}/auth/providers/local-userpass/reset/call`, {
        rawBody: `{"email": ${JSON.stringify(who)}, "password": "new-password", "arguments": [${deep}]}`,
        headers: { 'content-type': 'application/json' },
      });
    const [known, unknown] = [await call(email), await call(address())];
    expect([known.status, known.body.error_code]).toEqual([400, 'InvalidParameter']);
    expect([unknown.status, unknown.text]).toEqual([known.status, known.text]);
    expect(hook.calls).toEqual([]);
    await app.logIn(Realm.Credentials.emailPassword(email, 'old-password'));
  });

  it('is not called for an unknown address', async () => {
    const app = await webhookApp({ resetWebhookUrl: hook.url });
    await app.emailPasswordAuth.callResetPasswordFunction({ email: address(), password: 'whatever-it-is' });
    await server.latchkey.idle();
    expect(hook.calls).toEqual([]);
  });
});
