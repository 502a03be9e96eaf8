import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, type Browser } from '@latchkey/test-browser';
import { preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../packages/client/test/server.js';
import { linkIn, startSmtp, type TestSmtp } from '../../../packages/server/test/smtp.js';

/**
 * The example page in headless Chromium (see @latchkey/test-browser for which), against the real server: what a person does
 * on it, end to end. A screenshot is kept in test-artifacts/.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ARTIFACTS = join(ROOT, '..', '..', 'test-artifacts');
let server: RunningServer;
let page: PreviewServer;
let browser: Browser;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ LATCHKEY_SMTP_URL: smtp.url });
  page = await preview({ root: ROOT, logLevel: 'silent', preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await page?.close();
  await server?.stop();
  await smtp?.close();
});

describe('the My API keys page', () => {
  it('signs up, shows a new key once, lists it after a reload, disables it (refusing its login), and deletes it', async () => {
    const tab = await browser.newPage();
    const url = `${page.resolvedUrls!.local[0]!}?latchkey=${encodeURIComponent(server.url)}`;
    await tab.goto(url);
    await tab.fill('input[name=email]', `e2e-${Date.now()}@example.com`);
    await tab.fill('input[name=password]', 'e2e-password');
    await tab.click('text=Sign up');
    await tab.waitForSelector('text=Signed in as');

    await tab.fill('input[name=key-name]', 'laptop');
    await tab.click('text=Create key');
    const secret = (await tab.textContent('[data-testid=secret]'))!;
    expect(secret).toMatch(/^lku_[0-9A-Za-z]{49}$/);
    expect(await tab.textContent('[role=status]')).toContain('It will not be shown again');

    await tab.reload();
    await tab.waitForSelector('[data-testid=key-laptop]');
    expect(await tab.content()).not.toContain(secret);
    expect(await tab.textContent('[data-testid=key-laptop]')).toContain('enabled');
    expect(await tab.textContent('[data-testid=key-laptop]')).toContain('never'); // not used yet, never expires

    // Rotate: a new secret, shown once; the old one no longer logs in.
    tab.once('dialog', (dialog) => void dialog.accept());
    await tab.click('[data-testid=key-laptop] >> text=Rotate');
    await tab.waitForFunction((old) => document.querySelector('[data-testid=secret]')?.textContent !== old, secret);
    const rotated = (await tab.textContent('[data-testid=secret]'))!;
    expect(rotated).toMatch(/^lku_[0-9A-Za-z]{49}$/);
    const oldLogin = await fetch(`${server.url}/api/client/v2.0/app/demo/auth/providers/api-key/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: secret }),
    });
    expect(oldLogin.status).toBe(401);

    await tab.click('[data-testid=key-laptop] >> text=Disable');
    await tab.waitForSelector('[data-testid=key-laptop] >> text=disabled');
    const login = await fetch(`${server.url}/api/client/v2.0/app/demo/auth/providers/api-key/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: rotated }),
    });
    expect(login.status).toBe(401);

    // A refusal reads as words about what to do, never the SDK's text with its request.
    await tab.fill('input[name=key-name]', 'laptop');
    await tab.click('text=Create key');
    expect(await (await tab.waitForSelector('[role=alert]')).textContent()).toBe('You already have a key with that name: choose another.');
    expect(await tab.content()).not.toMatch(/\/api\/client|\((GET|POST|PUT|DELETE) /);

    // A phone's width: nothing sideways; the key list becomes cards.
    await tab.setViewportSize({ width: 390, height: 844 });
    expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await mkdir(ARTIFACTS, { recursive: true });
    await tab.screenshot({ path: join(ARTIFACTS, 'my-api-keys-phone.png'), fullPage: true });
    await tab.setViewportSize({ width: 1280, height: 800 });
    await tab.screenshot({ path: join(ARTIFACTS, 'my-api-keys.png'), fullPage: true });

    tab.once('dialog', (dialog) => void dialog.accept());
    await tab.click('[data-testid=key-laptop] >> text=Delete');
    await tab.waitForSelector('text=No keys yet.');
    await tab.close();
  });

  it('resets a forgotten password: the mailed link opens the reset page, and only the new password signs in', async () => {
    const pageUrl = `${page.resolvedUrls!.local[0]!}?latchkey=${encodeURIComponent(server.url)}`;
    expect(await server.admin('PATCH', '/apps/demo', { settings: { resetPasswordUrl: `${pageUrl}&action=reset` } })).toBe(200);
    const email = `forgot-${Date.now()}@example.com`;
    const tab = await browser.newPage();
    await tab.goto(pageUrl);
    await tab.fill('input[name=email]', email);
    await tab.fill('input[name=password]', 'forgotten-password');
    await tab.click('text=Sign up');
    await tab.waitForSelector('text=Signed in as');
    await tab.click('text=Sign out');

    await tab.click('text=Forgot password?');
    await tab.fill('input[name=reset-email]', email);
    await tab.click('text=Send reset link');
    await tab.waitForSelector('text=a reset link is on its way');
    const link = linkIn(await smtp.nextMailTo(email));
    expect(link.url.searchParams.get('action')).toBe('reset');

    await tab.goto(link.url.toString());
    await tab.fill('input[name=new-password]', 'remembered-password');
    await mkdir(ARTIFACTS, { recursive: true });
    await tab.screenshot({ path: join(ARTIFACTS, 'my-api-keys-reset.png'), fullPage: true });
    await tab.click('text=Set password');
    await tab.waitForSelector('text=Your password is changed');
    await tab.click('text=Sign in');

    await tab.fill('input[name=email]', email);
    await tab.fill('input[name=password]', 'forgotten-password');
    await tab.click('button[type=submit]');
    expect(await (await tab.waitForSelector('[role=alert]')).textContent()).toBe(
      'That email and password do not match an account. Check them, or reset your password.',
    );
    await tab.fill('input[name=password]', 'remembered-password');
    await tab.click('button[type=submit]');
    await tab.waitForSelector('text=Signed in as');
    await tab.close();
  });
});
