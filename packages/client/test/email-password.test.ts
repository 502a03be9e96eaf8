import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, tokenIn, type TestSmtp } from '../../server/test/smtp.js';
import { App, Credentials, LatchkeyError, MemoryStorage } from '../src/index.js';
import { startServer, type RunningServer } from './server.js';

/** app.emailPasswordAuth against the real server and a real SMTP server on loopback. */
let smtp: TestSmtp;
let server: RunningServer;
beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ LATCHKEY_SMTP_URL: smtp.url });
});
afterAll(async () => {
  await server.stop();
  await smtp.close();
});

describe('app.emailPasswordAuth', () => {
  it('confirms an address from its mailed link, then resets the password from another', async () => {
    const appId = await server.createApp({
      autoConfirm: false,
      emailConfirmationUrl: 'https://todo.example.com/confirm',
      resetPasswordUrl: 'https://todo.example.com/reset',
    });
    const app = new App({ id: appId, baseUrl: server.url, storage: new MemoryStorage() });
    const email = `sdk-flow-${Date.now()}@example.com`;
    await app.emailPasswordAuth.registerUser({ email, password: 'first-password' });
    const early = await app.logIn(Credentials.emailPassword(email, 'first-password')).catch((error: unknown) => error);
    expect(early).toBeInstanceOf(LatchkeyError);
    expect((early as LatchkeyError).errorCode).toBe('UserNotConfirmed');
    await app.emailPasswordAuth.confirmUser(tokenIn(await smtp.nextMailTo(email)));
    const user = await app.logIn(Credentials.emailPassword(email, 'first-password'));

    await app.emailPasswordAuth.sendResetPasswordEmail({ email });
    await app.emailPasswordAuth.resetPassword({ ...tokenIn(await smtp.nextMailTo(email)), password: 'second-password' });
    await expect(user.apiKeys.fetchAll()).rejects.toMatchObject({ errorCode: 'InvalidSession' });
    expect(user.isLoggedIn).toBe(false);
    await app.logIn(Credentials.emailPassword(email, 'second-password'));
  });

  it('surfaces an app that does not reset by mail as NotConfigured', async () => {
    const app = new App({ id: await server.createApp(), baseUrl: server.url, storage: new MemoryStorage() });
    await expect(app.emailPasswordAuth.sendResetPasswordEmail({ email: 'nobody@example.com' })).rejects.toMatchObject({
      statusCode: 400,
      errorCode: 'NotConfigured',
    });
  });
});
