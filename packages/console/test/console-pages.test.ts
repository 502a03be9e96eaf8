import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, type Browser, type Page } from '@latchkey/test-browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startServer, type RunningServer } from '../../client/test/server.js';

/**
 * Every console page at a phone's width and a desktop's, and the daily tasks beyond incidents:
 * creating a user, editing custom data, a key's usage, signing keys, pending registrations and
 * the mail queue, the webhook secret, deleting an app. Each page is checked for sideways
 * overflow and scanned with axe-core (no serious or critical violation); the main flow is driven
 * with the keyboard alone. Screenshots go to test-artifacts/pages/, or to
 * LATCHKEY_SCREENSHOTS_DIR (`npm run screenshots` writes docs/images/ with it).
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SHOTS = process.env.LATCHKEY_SCREENSHOTS_DIR
  ? resolve(ROOT, process.env.LATCHKEY_SCREENSHOTS_DIR)
  : join(ROOT, 'test-artifacts', 'pages');
const CLIENT = '/api/client/v2.0';
const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;
let server: RunningServer;
let browser: Browser;
let tab: Page;
let axeSource: string;

async function call(method: string, path: string, body?: unknown, token = ADMIN_TOKEN): Promise<{ status: number; body: any }> {
  const response = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
const admin = (method: string, path: string, body?: unknown) => call(method, `/api/admin/v1${path}`, body);
const login = (provider: string, body: unknown) => call('POST', `${CLIENT}/app/demo/auth/providers/${provider}/login`, body, '');

/** Presses Tab until the focused element is the one named, as a keyboard user would (at most 60 presses). */
async function tabTo(name: string | RegExp): Promise<void> {
  for (let presses = 0; presses < 60; presses++) {
    await tab.keyboard.press('Tab');
    const focused = await tab.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element) return '';
      const label = element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null;
      return (element.getAttribute('aria-label') ?? label ?? element.textContent ?? '').trim();
    });
    if (typeof name === 'string' ? focused === name : name.test(focused)) return;
  }
  throw new Error(`Tab never reached ${String(name)}`);
}

/** Axe's serious and critical findings on the page as it is, as lines a person can act on. */
async function accessibilityProblems(): Promise<string[]> {
  await tab.evaluate(axeSource);
  const results = await tab.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<any> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
  });
  return (results.violations as { id: string; impact: string; help: string; nodes: { target: string[] }[] }[])
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    );
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // Mail goes to a port where nothing listens: it stays in the queue, retrying, as when a mail server is down.
  server = await startServer({ LATCHKEY_SMTP_URL: 'smtp://127.0.0.1:9' });
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: WIDTHS.desktop });
  tab = await context.newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the console, page by page', () => {
  const email = `pages-${Date.now()}@example.com`;
  const password = 'pages-password';
  const pending = `pending-${Date.now()}@example.com`;
  let userId: string;
  let keyId: string;
  let serverKeyId: string;
  let refreshToken: string;

  it('is used from the keyboard alone: sign in, find a user, open them, disable a key', async () => {
    expect((await call('POST', `${CLIENT}/app/demo/auth/providers/local-userpass/register`, { email, password }, '')).status).toBe(201);
    const session = await login('local-userpass', { username: email, password });
    userId = session.body.user_id;
    refreshToken = session.body.refresh_token;
    const created = await call('POST', `${CLIENT}/auth/api_keys`, { name: 'laptop' }, session.body.refresh_token);
    keyId = created.body._id;
    for (let i = 0; i < 3; i++) expect((await login('api-key', { key: created.body.key })).status).toBe(200);
    serverKeyId = (await admin('POST', '/apps/demo/api_keys', { name: 'backend' })).body._id;

    await tab.goto(`${server.url}/console/`);
    await tabTo('Admin token');
    await tab.keyboard.type(ADMIN_TOKEN);
    await tab.keyboard.press('Enter');
    await tab.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await tabTo('Users');
    await tab.keyboard.press('Enter');
    await tabTo('Email or user id');
    await tab.keyboard.type(email);
    await tab.keyboard.press('Enter');
    await tab.getByRole('link', { name: email }).waitFor();
    await tabTo(email);
    await tab.keyboard.press('Enter');
    await tab.getByRole('heading', { name: email }).waitFor();
    await tabTo('Disable');
    await tab.keyboard.press('Enter');
    await tab.locator('[data-testid=key-laptop]').getByText('disabled').waitFor();
    expect((await admin('GET', `/apps/demo/users/${userId}/api_keys/${keyId}`)).body.disabled).toBe(true);
    await tabTo('Enable');
    await tab.keyboard.press('Enter');
    await tab.locator('[data-testid=key-laptop]').getByText('enabled').waitFor();
  });

  it('creates a user from the users page and edits their custom data', async () => {
    await tab.getByRole('link', { name: 'Users', exact: true }).click();
    await tab.getByText('Create a user').click();
    await tab.getByLabel('Email', { exact: true }).fill(`made-${email}`);
    await tab.getByLabel('Password', { exact: true }).fill('made-password');
    await tab.getByRole('button', { name: 'Create user' }).click();
    await tab.getByRole('heading', { name: `made-${email}` }).waitFor();
    expect((await login('local-userpass', { username: `made-${email}`, password: 'made-password' })).status).toBe(200);

    await tab.getByLabel('Custom data (JSON)').fill('{"plan": "pro"');
    await tab.getByRole('button', { name: 'Save custom data' }).click();
    await tab.getByRole('alert').filter({ hasText: 'not valid JSON' }).waitFor();
    await tab.getByLabel('Custom data (JSON)').fill('{"plan": "pro", "seats": 3}');
    await tab.getByRole('button', { name: 'Save custom data' }).click();
    await tab.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const made = (await admin('GET', `/apps/demo/users?email=${encodeURIComponent(`made-${email}`)}`)).body[0];
    expect((await admin('GET', `/apps/demo/users/${made._id}/custom_data`)).body).toEqual({ plan: 'pro', seats: 3 });
  });

  it("shows a key's rotation, its logins per day and where it was last used, and links to its audit events", async () => {
    expect((await call('POST', `${CLIENT}/auth/api_keys/${keyId}/rotate`, { grace_seconds: 3600 }, refreshToken)).status).toBe(201);
    await tab.goto(`${server.url}/console/#/users/${userId}`);
    await tab.locator('[data-testid=key-laptop]').getByText('rotated: the old secret works until').waitFor();
    await tab.getByRole('link', { name: 'laptop' }).click();
    await tab.getByRole('heading', { name: 'laptop' }).waitFor();
    expect(await tab.getByTestId('logins-total').textContent()).toBe('3');
    await tab.getByText('127.0.0.1').first().waitFor();
    const today = new Date().toISOString().slice(0, 10);
    await expect
      .poll(() => tab.getByTestId('logins-per-day').locator('tr', { hasText: today }).locator('td').last().textContent())
      .toBe('3');
    await tab.getByRole('link', { name: 'Every audit event of this key' }).click();
    const keyColumn = () => tab.getByTestId('audit-events').locator('tbody tr td:nth-child(5)').allTextContents();
    // Created, three logins, disabled and enabled from the keyboard, rotated: seven events, all of this key.
    await expect.poll(async () => (await keyColumn()).length === 7 && (await keyColumn()).every((key) => key === keyId)).toBe(true);
  });

  it('rotates the signing key after a confirmation', async () => {
    const before = (await admin('GET', '/signing_keys')).body.length;
    await tab.getByRole('link', { name: 'Signing keys' }).click();
    await tab.getByTestId('signing-keys').waitFor();
    await tab.getByRole('button', { name: 'Rotate signing key' }).click();
    await tab.getByRole('dialog').getByRole('button', { name: 'Rotate' }).click();
    await expect.poll(async () => (await admin('GET', '/signing_keys')).body.length).toBe(before + 1);
    await expect.poll(() => tab.getByTestId('signing-keys').locator('tbody tr').count()).toBe(before + 1);
  });

  it('confirms a pending registration and shows the mail queue with its error', async () => {
    await admin('PATCH', '/apps/demo', { settings: { autoConfirm: false, emailConfirmationUrl: 'https://app.example.com/confirm' } });
    expect((await call('POST', `${CLIENT}/app/demo/auth/providers/local-userpass/register`, { email: pending, password }, '')).status).toBe(
      201,
    );
    await tab.getByRole('link', { name: 'Mail' }).click();
    await tab.getByTestId(`pending-${pending}`).waitFor();
    await expect.poll(() => tab.getByTestId('mail-queue').locator('tr', { hasText: pending }).count(), { timeout: 15_000 }).toBe(1);
    await tab.getByRole('button', { name: 'Retry every mail now' }).click();
    await tab.getByTestId(`pending-${pending}`).getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => tab.getByTestId(`pending-${pending}`).count()).toBe(0);
    expect((await login('local-userpass', { username: pending, password })).status).toBe(200);
  });

  it('creates the webhook secret, shown once, and deletes an app once its id is typed', async () => {
    await admin('POST', '/apps', { client_app_id: 'doomed' });
    await tab.goto(`${server.url}/console/#/apps/demo`);
    await tab.getByRole('button', { name: 'Create webhook secret' }).click();
    expect(await tab.getByTestId('webhook-secret').textContent()).toMatch(/.{32,}/);
    expect((await admin('GET', '/apps/demo')).body.has_webhook_secret).toBe(true);
    await tab.getByRole('button', { name: 'I have stored it' }).click();
    await tab.getByRole('button', { name: 'Replace webhook secret' }).waitFor();

    await tab.goto(`${server.url}/console/#/apps/doomed`);
    await tab.getByRole('heading', { name: 'doomed' }).waitFor();
    expect(await tab.getByRole('button', { name: 'Delete app' }).isDisabled()).toBe(true);
    await tab.getByLabel(/Type the client app id/).fill('doomed');
    await tab.getByRole('button', { name: 'Delete app' }).click();
    await tab.getByRole('dialog').getByRole('button', { name: 'Delete app' }).click();
    await tab.getByRole('heading', { name: 'Apps' }).waitFor();
    expect((await admin('GET', '/apps/doomed')).status).toBe(404);
  });

  describe.each(Object.entries(WIDTHS))('at %s width', (width, viewport) => {
    const pages = (): [name: string, path: string, ready: string][] => [
      ['dashboard', '/', 'Dashboard'],
      ['users', '/users', 'Users'],
      ['user', `/users/${userId}`, email],
      ['key', `/users/${userId}/keys/${keyId}`, 'laptop'],
      ['server-keys', '/server-keys', 'Server keys'],
      ['server-key', `/server-keys/${serverKeyId}`, 'backend'],
      ['audit', '/audit', 'Audit log'],
      ['mail', '/mail', 'Registrations and mail'],
      ['apps', '/apps', 'Apps'],
      ['app-settings', '/apps/demo', 'Demo app'],
      ['signing-keys', '/signing-keys', 'Signing keys'],
    ];

    it('fits the screen, passes the accessibility scan, and is pictured, on every page', async () => {
      await tab.setViewportSize(viewport);
      const problems: string[] = [];
      for (const [name, path, heading] of pages()) {
        await tab.goto(`${server.url}/console/#${path}`);
        await tab.getByRole('heading', { name: heading, exact: true }).first().waitFor();
        await tab.locator('[aria-busy=true]').first().waitFor({ state: 'detached' });
        const widest = await tab.evaluate(() => document.documentElement.scrollWidth);
        if (widest > viewport.width) problems.push(`${name}: ${widest} px wide on a ${viewport.width} px screen`);
        problems.push(...(await accessibilityProblems()).map((problem) => `${name}: ${problem}`));
        await tab.screenshot({ path: join(SHOTS, `console-${name}-${width}.png`), fullPage: true });
      }
      expect(problems).toEqual([]);
    });
  });

  it('pictures the sign-in page, which passes the scan too', async () => {
    await tab.setViewportSize(WIDTHS.desktop);
    await tab.getByRole('button', { name: 'Sign out' }).click();
    await tab.getByLabel('Admin token').waitFor();
    expect(await accessibilityProblems()).toEqual([]);
    // The scan finds what it should: a button with no name, planted for a moment.
    await tab.evaluate(() => document.body.append(Object.assign(document.createElement('button'), { id: 'planted' })));
    expect(await accessibilityProblems()).toEqual([expect.stringMatching(/^critical button-name: .*#planted/)]);
    await tab.evaluate(() => document.getElementById('planted')!.remove());
    await tab.screenshot({ path: join(SHOTS, 'console-sign-in-desktop.png') });
  });
});
