import type { App, WebhookSecret } from '@latchkey/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, tokenIn, type TestSmtp } from '../smtp.js';
import { startWebhook, type TestWebhook } from '../webhook-server.js';
import { until } from '../nodes.js';
import { CoreApp, CoreCredentials } from './core-client.js';
import { PASSWORD, conformanceServer, coreError, email } from './conformance.js';

/** realm-core conformance, continued: email confirmation and password reset (app.cpp, UsernamePasswordProviderClient). */
let smtp: TestSmtp;
let hook: TestWebhook;
beforeAll(async () => {
  smtp = await startSmtp();
  hook = await startWebhook();
});
const ctx = conformanceServer(() => ({ LATCHKEY_SMTP_URL: smtp.url }));
afterAll(async () => {
  await smtp.close();
  await hook.close();
});

const EMAIL_SETTINGS = {
  autoConfirm: false,
  emailConfirmationUrl: 'https://todo.example.com/confirm',
  resetPasswordUrl: 'https://todo.example.com/reset',
};

describe('confirmation and reset as core calls them', () => {
  it('confirms by the mailed token, and reads UserpassTokenInvalid and our UserNotConfirmed', async () => {
    const app = new CoreApp(await ctx.server.createApp(EMAIL_SETTINGS), ctx.server.url);
    const address = email();
    await app.registerEmail(address, PASSWORD);
    const refused = await coreError(app.logIn(CoreCredentials.emailPassword(address, PASSWORD)));
    expect([refused.code, refused.serverError, refused.httpStatus]).toEqual(['AppServerError', 'UserNotConfirmed', 401]);
    await app.resendConfirmationEmail(address);
    const { token, tokenId } = tokenIn(await smtp.nextMailTo(address));
    await app.confirmUser(token, tokenId);
    const reused = await coreError(app.confirmUser(token, tokenId));
    expect([reused.code, reused.serverError, reused.httpStatus]).toEqual(['UserpassTokenInvalid', 'UserpassTokenInvalid', 400]);
    await app.logIn(CoreCredentials.emailPassword(address, PASSWORD));
  });

  const logsIn = (appId: string, address: string, password: string) =>
    new CoreApp(appId, ctx.server.url).logIn(CoreCredentials.emailPassword(address, password)).then(
      () => true,
      () => false,
    );

  it('resets by the mailed token with its body in core order, and through the reset webhook with arguments', async () => {
    const app = new CoreApp(await ctx.server.createApp(EMAIL_SETTINGS), ctx.server.url);
    const address = email();
    await app.registerEmail(address, PASSWORD);
    await app.confirmUser(...(Object.values(tokenIn(await smtp.nextMailTo(address))) as [string, string]));
    await app.sendResetPasswordEmail(address);
    const { token, tokenId } = tokenIn(await smtp.nextMailTo(address));
    await app.resetPassword('core-new-password', token, tokenId);
    await app.logIn(CoreCredentials.emailPassword(address, 'core-new-password'));

    hook.secret = (await ctx.server.admin<WebhookSecret>('POST', `/apps/${app.appId}/webhook_secret`)).body.secret;
    expect((await ctx.server.admin<App>('PATCH', `/apps/${app.appId}`, { settings: { resetWebhookUrl: hook.url } })).status).toBe(200);
    await app.callResetPasswordFunction(address, 'core-webhook-password', ['answer']);
    // The webhook is called after the answer (the answer is the same for every address).
    await until(() => hook.calls.length > 0, 'the reset webhook to be called');
    expect(hook.calls).toEqual([
      expect.objectContaining({ signatureValid: true, body: expect.objectContaining({ username: address, arguments: ['answer'] }) }),
    ]);
    await until(() => logsIn(app.appId, address, 'core-webhook-password'), "the webhook's success to set the password");
  });

  it('retries a custom confirmation through the confirmation webhook', async () => {
    const appId = await ctx.server.createApp();
    hook.secret = (await ctx.server.admin<WebhookSecret>('POST', `/apps/${appId}/webhook_secret`)).body.secret;
    await ctx.server.admin<App>('PATCH', `/apps/${appId}`, { settings: { autoConfirm: false, confirmationWebhookUrl: hook.url } });
    const app = new CoreApp(appId, ctx.server.url);
    const address = email();
    hook.answer = 'pending';
    await app.registerEmail(address, PASSWORD);
    hook.answer = 'success';
    await app.retryCustomConfirmation(address);
    await until(() => logsIn(appId, address, PASSWORD), "the webhook's success to confirm the address");
  });
});
