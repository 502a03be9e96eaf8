import type { App, LoginAnswer, PendingRegistration, QueuedMail } from '@latchkey/protocol';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT, startTestServer, type TestServer } from './harness.js';
import { until } from './nodes.js';
import { startSmtp, tokenIn, type TestSmtp } from './smtp.js';

/** The operator's side of confirmation: pending registrations, the mail queue, and mail templates. */
let server: TestServer;
let smtp: TestSmtp;
let templates: string;

beforeAll(async () => {
  smtp = await startSmtp();
  templates = await mkdtemp(join(tmpdir(), 'latchkey-templates-'));
  await writeFile(join(templates, 'confirm.txt'), 'Welcome to {{appName}}, {{email}}!\nConfirm here: {{link}}\n');
  await writeFile(join(templates, 'confirm.html'), '<h1>{{appName}}</h1><a href="{{link}}">confirm</a>');
  server = await startTestServer({ env: { LATCHKEY_SMTP_URL: smtp.url, LATCHKEY_MAIL_TEMPLATES_DIR: templates } });
});
afterAll(async () => {
  await server.close();
  await smtp.close();
  await rm(templates, { recursive: true, force: true });
});

let counter = 0;
const address = () => `admin-reg-${Date.now().toString(36)}-${++counter}@example.com`;
const register = (appId: string, email: string) =>
  server.request('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/register`, {
    body: { email, password: 'pending-password' },
  });
const login = (appId: string, email: string) =>
  server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/login`, {
    body: { username: email, password: 'pending-password' },
  });

const CONFIRMING = { autoConfirm: false, emailConfirmationUrl: 'https://todo.example.com/confirm' };

describe('pending registrations in the admin API', () => {
  it('are listed newest first, confirmed by an operator, and sent their confirmation again', async () => {
    const appId = await server.createApp(CONFIRMING);
    const [first, second] = [address(), address()];
    await register(appId, first);
    await register(appId, second);
    await smtp.nextMailTo(first);
    await smtp.nextMailTo(second);
    const pending = await server.admin<PendingRegistration[]>('GET', `/apps/${appId}/user_registrations/pending`);
    expect(pending.body.map((entry: { email: string }) => entry.email)).toEqual([second, first]);

    expect((await server.admin('POST', `/apps/${appId}/user_registrations/by_email/${encodeURIComponent(first)}/confirm`)).status).toBe(
      204,
    );
    expect((await login(appId, first)).status).toBe(200);
    const again = await server.admin('POST', `/apps/${appId}/user_registrations/by_email/${encodeURIComponent(first)}/confirm`);
    expect([again.status, again.body.error_code]).toEqual([409, 'UserAlreadyConfirmed']);
    const unknown = await server.admin('POST', `/apps/${appId}/user_registrations/by_email/${encodeURIComponent(address())}/confirm`);
    expect([unknown.status, unknown.body.error_code]).toEqual([404, 'UserNotFound']);

    expect(
      (await server.admin<PendingRegistration[]>('GET', `/apps/${appId}/user_registrations/pending`)).body.map(
        (entry: { email: string }) => entry.email,
      ),
    ).toEqual([second]);

    // An operator's resend is not held back by the once-a-minute limit users get.
    expect(
      (await server.admin('POST', `/apps/${appId}/user_registrations/by_email/${encodeURIComponent(second)}/send_confirm`)).status,
    ).toBe(204);
    const resent = await smtp.nextMailTo(second);
    expect(
      (await server.request('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/confirm`, { body: tokenIn(resent) })).status,
    ).toBe(204);
    expect((await login(appId, second)).status).toBe(200);
  });

  it("mail uses the operator's templates, with values escaped in HTML", async () => {
    const appId = `templated-${++counter}`;
    const created = await server.admin<App>('POST', '/apps', {
      client_app_id: appId,
      name: 'Todo <Pro>',
      settings: { ...CONFIRMING, confirmEmailSubject: 'Bienvenue' },
    });
    expect(created.status).toBe(201);
    const email = address();
    await register(appId, email);
    const mail = await smtp.nextMailTo(email);
    expect(mail.subject).toBe('Bienvenue');
    expect(mail.text).toMatch(
      new RegExp(
        `^Welcome to Todo <Pro>, ${email.replace(/\./g, '\\.')}!\\nConfirm here: https://todo\\.example\\.com/confirm\\?token=lkt_`,
      ),
    );
    expect(mail.html).toContain('<h1>Todo &lt;Pro&gt;</h1>');
    expect(mail.html).toContain('&amp;tokenId=');
    const response = await server.request('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/confirm`, { body: tokenIn(mail) });
    expect(response.status).toBe(204);
  });
});

describe('the mail queue', () => {
  it('keeps mail the SMTP server refused, shows why, and sends it when an operator retries after the fix', async () => {
    const down = await startSmtp();
    const port = down.port;
    await down.close();
    const isolated = await startTestServer({ env: { LATCHKEY_SMTP_URL: `smtp://127.0.0.1:${port}` } });
    try {
      const appId = await isolated.createApp({ autoConfirm: false, emailConfirmationUrl: 'https://todo.example.com/confirm' });
      const email = address();
      const registered = await isolated.request('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/register`, {
        body: { email, password: 'pending-password' },
      });
      expect(registered.status).toBe(201);
      type Queued = { to: string; attempts: number; last_error: string | null };
      const queue = async (): Promise<Queued[]> => (await isolated.admin<QueuedMail[]>('GET', '/mail_outbox')).body;
      await until(async () => ((await queue())[0]?.attempts ?? 0) > 0, 'the first attempt to fail');
      expect(await queue()).toEqual([
        expect.objectContaining({ to: email, attempts: 1, last_error: expect.stringMatching(/ECONNREFUSED|connect/) }),
      ]);
      expect(JSON.stringify(await queue())).not.toContain('lkt_');

      const back = await startSmtp(port);
      try {
        expect((await isolated.admin('POST', '/mail_outbox/retry')).body).toEqual({ queued: 1 });
        await back.nextMailTo(email);
        await until(async () => (await queue()).length === 0, 'the sent mail to leave the queue');
        expect((await isolated.admin<QueuedMail[]>('GET', '/mail_outbox')).body).toEqual([]);
      } finally {
        await back.close();
      }
    } finally {
      await isolated.close();
    }
  });
});
