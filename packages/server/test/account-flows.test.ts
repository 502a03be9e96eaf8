import type { AccessTokenAnswer, App, PendingRegistration } from '@latchkey/protocol';
import * as Realm from 'realm-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT, requestFrom, startTestServer, type TestServer, realmRefusal } from './harness.js';
import { linkIn, startSmtp, tokenIn, type TestSmtp } from './smtp.js';

/**
 * Confirmation and password reset by email, through realm-web's own `app.emailPasswordAuth`,
 * against a real SMTP server on loopback. The clock is Latchkey's own, moved by the tests.
 */
let server: TestServer;
let smtp: TestSmtp;
let offset = 0;
const MINUTE = 60_000;
const EMAIL_SETTINGS = {
  autoConfirm: false,
  emailConfirmationUrl: 'https://todo.example.com/confirm',
  resetPasswordUrl: 'https://todo.example.com/reset',
};

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startTestServer({ clock: { now: () => Date.now() + offset }, env: { LATCHKEY_SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await server.close();
  await smtp.close();
});

let counter = 0;
const address = () => `flow-${Date.now().toString(36)}-${++counter}@example.com`;
const PASSWORD = 'first-password';

async function emailApp(): Promise<Realm.App> {
  return server.realmApp(await server.createApp(EMAIL_SETTINGS));
}

async function confirmedUser(app: Realm.App) {
  const email = address();
  await app.emailPasswordAuth.registerUser({ email, password: PASSWORD });
  await app.emailPasswordAuth.confirmUser(tokenIn(await smtp.nextMailTo(email)));
  return { email, user: await app.logIn(Realm.Credentials.emailPassword(email, PASSWORD)) };
}

describe('confirmation by email', () => {
  it('mails a link to the confirmation page; the link confirms, and only then may the user log in', async () => {
    const app = await emailApp();
    const email = address();
    await app.emailPasswordAuth.registerUser({ email, password: PASSWORD });
    const mail = await smtp.nextMailTo(email);
    const link = linkIn(mail);
    expect(`${link.url.origin}${link.url.pathname}`).toBe(EMAIL_SETTINGS.emailConfirmationUrl);
    expect(link.token).toMatch(/^lkt_[0-9A-Za-z]{49}$/);
    expect(link.tokenId).toMatch(/^[0-9a-f]{24}$/);
    expect(mail.subject).toBe('Confirm your email address');
    expect(mail.html).toContain(link.url.toString().replace(/&/g, '&amp;'));

    const early = await realmRefusal(app.logIn(Realm.Credentials.emailPassword(email, PASSWORD)));
    expect([early.statusCode, early.errorCode]).toEqual([401, 'UserNotConfirmed']);
    const wrongPassword = await realmRefusal(app.logIn(Realm.Credentials.emailPassword(email, 'not-the-password')));
    expect(wrongPassword.errorCode).toBe('InvalidPassword');

    await app.emailPasswordAuth.confirmUser({ token: link.token, tokenId: link.tokenId });
    expect((await app.logIn(Realm.Credentials.emailPassword(email, PASSWORD))).profile.email).toBe(email);
    const reused = await realmRefusal(app.emailPasswordAuth.confirmUser({ token: link.token, tokenId: link.tokenId }));
    expect([reused.statusCode, reused.errorCode]).toEqual([400, 'UserpassTokenInvalid']);
  });

  it('sends a fresh link on request, at most one a minute per address', async () => {
    const app = await emailApp();
    const email = address();
    await app.emailPasswordAuth.registerUser({ email, password: PASSWORD });
    const first = tokenIn(await smtp.nextMailTo(email));
    await app.emailPasswordAuth.resendConfirmationEmail({ email });
    // The mail is queued after the answer: wait for that before moving the clock.
    await server.latchkey.idle();
    offset += MINUTE + 1;
    await app.emailPasswordAuth.resendConfirmationEmail({ email });
    const second = tokenIn(await smtp.nextMailTo(email));
    expect(second.tokenId).not.toBe(first.tokenId);
    expect(smtp.messages.filter((mail) => mail.text?.includes(email))).toEqual([]);
    await app.emailPasswordAuth.confirmUser(second);
    await app.logIn(Realm.Credentials.emailPassword(email, PASSWORD));
  });

  it('refuses a token that expired, was made for another purpose, or does not match its id, with one code', async () => {
    const app = await emailApp();
    const email = address();
    await app.emailPasswordAuth.registerUser({ email, password: PASSWORD });
    const link = tokenIn(await smtp.nextMailTo(email));
    for (const wrong of [
      { token: link.token.slice(0, -1) + (link.token.endsWith('a') ? 'b' : 'a'), tokenId: link.tokenId },
      { token: link.token, tokenId: '0123456789abcdef01234567' },
      { token: link.token, tokenId: 'not-an-id' },
    ]) {
      expect((await realmRefusal(app.emailPasswordAuth.confirmUser(wrong))).errorCode).toBe('UserpassTokenInvalid');
    }
    const asReset = await realmRefusal(app.emailPasswordAuth.resetPassword({ ...link, password: 'another-password' }));
    expect(asReset.errorCode).toBe('UserpassTokenInvalid');
    offset += 31 * MINUTE;
    expect((await realmRefusal(app.emailPasswordAuth.confirmUser(link))).errorCode).toBe('UserpassTokenInvalid');
  });

  it('answers unknown and already confirmed addresses exactly like pending ones, and mails neither', async () => {
    const app = await emailApp();
    const { email: confirmed } = await confirmedUser(app);
    const unknown = address();
    const pending = address();
    await app.emailPasswordAuth.registerUser({ email: pending, password: PASSWORD });
    await smtp.nextMailTo(pending);
    offset += MINUTE + 1;
    const answers = [];
    for (const email of [unknown, confirmed, pending]) {
      const response = await server.request('POST', `${CLIENT}/app/${app.id}/auth/providers/local-userpass/confirm/send`, {
        body: { email },
      });
      answers.push([response.status, response.text]);
    }
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    await smtp.nextMailTo(pending);
    expect(smtp.messages.filter((mail) => mail.text?.includes(unknown) || mail.text?.includes(confirmed))).toEqual([]);
  });
});

describe('registrations nobody confirmed', () => {
  const confirmationPage = (mail: Awaited<ReturnType<TestSmtp['nextMailTo']>>) => {
    const { url } = linkIn(mail);
    return `${url.origin}${url.pathname}`;
  };

  it("cannot be held by someone else: the mailbox owner's registration takes the address over, and only its link opens it", async () => {
    const app = await emailApp();
    const victim = address();
    // The attacker registers the victim's address with his own password; the link goes to the victim.
    await app.emailPasswordAuth.registerUser({ email: victim, password: 'attacker-password' });
    const attackersLink = tokenIn(await smtp.nextMailTo(victim));
    expect((await realmRefusal(app.logIn(Realm.Credentials.emailPassword(victim, 'attacker-password')))).errorCode).toBe(
      'UserNotConfirmed',
    );

    // The owner registers too, a minute later: accepted, and mailed a link of their own.
    offset += MINUTE + 1;
    await app.emailPasswordAuth.registerUser({ email: victim, password: 'owners-password' });
    const ownersLink = tokenIn(await smtp.nextMailTo(victim));
    expect((await realmRefusal(app.emailPasswordAuth.confirmUser(attackersLink))).errorCode).toBe('UserpassTokenInvalid');
    await app.emailPasswordAuth.confirmUser(ownersLink);

    const owner = await app.logIn(Realm.Credentials.emailPassword(victim, 'owners-password'));
    expect((await realmRefusal(app.logIn(Realm.Credentials.emailPassword(victim, 'attacker-password')))).errorCode).toBe('InvalidPassword');
    // Now it is an account: a further registration is refused, and takes nothing over.
    expect((await realmRefusal(app.emailPasswordAuth.registerUser({ email: victim, password: 'attacker-again' }))).errorCode).toBe(
      'AccountNameInUse',
    );
    expect((await app.logIn(Realm.Credentials.emailPassword(victim, 'owners-password'))).id).toBe(owner.id);
  });

  it("leave no trace in the password throttle: a pending registrant's address is never one the account trusts, nor are addresses from before a reset", async () => {
    const app = await emailApp();
    const victim = address();
    const login = (from: string, password: string) =>
      requestFrom(from, server.url, 'POST', `${CLIENT}/app/${app.id}/auth/providers/local-userpass/login`, {
        body: { username: victim, password },
      });
    const attack = () => Promise.all(Array.from({ length: 25 }, (_, i) => login(`127.5.1.${(i % 6) + 1}`, `guess-${i}`)));
    const attacker = '127.5.0.1';
    const home = '127.5.0.2';
    await app.emailPasswordAuth.registerUser({ email: victim, password: 'attacker-password' });
    await smtp.nextMailTo(victim);
    expect((await login(attacker, 'attacker-password')).body.error_code).toBe('UserNotConfirmed');
    offset += MINUTE + 1;
    await app.emailPasswordAuth.registerUser({ email: victim, password: 'owners-password' });
    await app.emailPasswordAuth.confirmUser(tokenIn(await smtp.nextMailTo(victim)));
    expect((await login(home, 'owners-password')).status).toBe(200);

    await attack();
    expect((await login(attacker, 'one-more-guess')).status).toBe(429);
    expect((await login(home, 'owners-password')).status).toBe(200);

    // A reset forgets every count and every trusted address: the next attack shuts out the old home too.
    await app.emailPasswordAuth.sendResetPasswordEmail({ email: victim });
    await app.emailPasswordAuth.resetPassword({ ...tokenIn(await smtp.nextMailTo(victim)), password: 'after-the-reset' });
    await attack();
    expect((await login(home, 'after-the-reset')).status).toBe(429);
  });

  it('expire after pendingRegistrationTtlDays: the password no longer counts, and the sweep frees the address', async () => {
    const appId = await server.createApp({ ...EMAIL_SETTINGS, pendingRegistrationTtlDays: 2 });
    const app = server.realmApp(appId);
    const email = address();
    await app.emailPasswordAuth.registerUser({ email, password: PASSWORD });
    await smtp.nextMailTo(email);
    const pending = async () =>
      ((await server.admin<PendingRegistration[]>('GET', `/apps/${appId}/user_registrations/pending`)).body as { email: string }[]).map(
        (row) => row.email,
      );
    expect(await pending()).toContain(email);
    offset += 2 * 24 * 60 * MINUTE + MINUTE;
    expect((await realmRefusal(app.logIn(Realm.Credentials.emailPassword(email, PASSWORD)))).errorCode).toBe('InvalidPassword');
    expect((await server.latchkey.maintenance()).pendingRegistrations).toBeGreaterThanOrEqual(1);
    expect(await pending()).not.toContain(email);
    await app.emailPasswordAuth.registerUser({ email, password: 'second-try' });
    await app.emailPasswordAuth.confirmUser(tokenIn(await smtp.nextMailTo(email)));
    await app.logIn(Realm.Credentials.emailPassword(email, 'second-try'));
  });

  it('are sent their confirmation link again when they ask for a password reset', async () => {
    const app = await emailApp();
    const email = address();
    await app.emailPasswordAuth.registerUser({ email, password: PASSWORD });
    await smtp.nextMailTo(email);
    offset += MINUTE + 1;
    await app.emailPasswordAuth.sendResetPasswordEmail({ email });
    const mail = await smtp.nextMailTo(email);
    expect(confirmationPage(mail)).toBe(EMAIL_SETTINGS.emailConfirmationUrl);
    await app.emailPasswordAuth.confirmUser(tokenIn(mail));
    await app.logIn(Realm.Credentials.emailPassword(email, PASSWORD));
  });
});

describe('password reset by email', () => {
  it('sets the new password, refuses the old one, and ends every session the user had', async () => {
    const app = await emailApp();
    const { email, user } = await confirmedUser(app);
    const refreshToken = user.refreshToken!;
    await app.emailPasswordAuth.sendResetPasswordEmail({ email });
    const mail = await smtp.nextMailTo(email);
    expect(mail.subject).toBe('Reset your password');
    const link = linkIn(mail);
    expect(`${link.url.origin}${link.url.pathname}`).toBe(EMAIL_SETTINGS.resetPasswordUrl);
    await app.emailPasswordAuth.resetPassword({ token: link.token, tokenId: link.tokenId, password: 'second-password' });

    expect((await realmRefusal(app.logIn(Realm.Credentials.emailPassword(email, PASSWORD)))).errorCode).toBe('InvalidPassword');
    expect((await app.logIn(Realm.Credentials.emailPassword(email, 'second-password'))).id).toBe(user.id);
    const dead = await server.request<AccessTokenAnswer>('POST', `${CLIENT}/auth/session`, { token: refreshToken });
    expect([dead.status, dead.body.error_code]).toEqual([401, 'InvalidSession']);
    const reused = await realmRefusal(
      app.emailPasswordAuth.resetPassword({ token: link.token, tokenId: link.tokenId, password: 'third-password' }),
    );
    expect(reused.errorCode).toBe('UserpassTokenInvalid');
  });

  it('answers an unknown address like a known one, and mails nobody', async () => {
    const app = await emailApp();
    const { email } = await confirmedUser(app);
    const stranger = address();
    const known = await server.request('POST', `${CLIENT}/app/${app.id}/auth/providers/local-userpass/reset/send`, { body: { email } });
    const unknown = await server.request('POST', `${CLIENT}/app/${app.id}/auth/providers/local-userpass/reset/send`, {
      body: { email: stranger },
    });
    expect([unknown.status, unknown.text]).toEqual([known.status, known.text]);
    await smtp.nextMailTo(email);
    expect(smtp.messages.filter((mail) => mail.text?.includes(stranger))).toEqual([]);
  });

  it('is refused with NotConfigured where the app does not reset by email', async () => {
    const app = server.realmApp(await server.createApp());
    const error = await realmRefusal(app.emailPasswordAuth.sendResetPasswordEmail({ email: address() }));
    expect([error.statusCode, error.errorCode]).toEqual([400, 'NotConfigured']);
  });
});

describe('settings that need a way to reach users', () => {
  it('are refused on a server without SMTP, and webhook URLs without a webhook secret', async () => {
    const bare = await startTestServer();
    try {
      for (const settings of [
        { autoConfirm: false, emailConfirmationUrl: 'https://a.example.com/c' },
        { resetPasswordUrl: 'https://a.example.com/r' },
      ]) {
        const refused = await bare.admin<App>('POST', '/apps', { client_app_id: `refused-${++counter}`, settings });
        expect([refused.status, refused.body.error_code]).toEqual([400, 'InvalidParameter']);
        expect(refused.body.error).toContain('LATCHKEY_SMTP_URL');
      }
      const noSecret = await bare.admin<App>('POST', '/apps', {
        client_app_id: `no-secret-${++counter}`,
        settings: { resetWebhookUrl: 'https://a.example.com/hook' },
      });
      expect([noSecret.status, noSecret.body.error_code]).toEqual([400, 'InvalidParameter']);
      const registered = await bare.request('POST', `${CLIENT}/app/demo/auth/providers/local-userpass/register`, {
        body: { email: address(), password: PASSWORD },
      });
      expect(registered.status).toBe(201);
    } finally {
      await bare.close();
    }
  });
});
