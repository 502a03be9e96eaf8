import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, type Browser, type Page } from '@latchkey/test-browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startServer, type RunningServer } from '../../client/test/server.js';

/**
 * The console in headless Chromium (see @latchkey/test-browser for which), served by the real
 * server at /console, driven as an operator drives it. What it changes is checked from Node
 * over the public API. Screenshots of every page go to test-artifacts/console-*.png.
 */
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test-artifacts');
const CLIENT = '/api/client/v2.0';
let server: RunningServer;
let browser: Browser;
let tab: Page;
const violations: string[] = [];

async function post(path: string, body: unknown, token?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const login = (provider: string, body: unknown) => post(`${CLIENT}/app/demo/auth/providers/${provider}/login`, body);
const screenshot = (name: string) => tab.screenshot({ path: join(ARTIFACTS, `console-${name}.png`), fullPage: true });

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  tab = await context.newPage();
  // Anything the Content-Security-Policy blocks is a defect of the console.
  await tab.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`),
    ),
  );
  tab.on('console', (message) => {
    if (/CSP violation|Content Security Policy/.test(message.text())) violations.push(message.text());
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the console', () => {
  const email = `console-${Date.now()}@example.com`;
  const password = 'console-password';
  let userId: string;
  let laptopKey: string;

  it('is served with a strict Content-Security-Policy, and signs in with the admin token kept in sessionStorage only', async () => {
    const page = await fetch(`${server.url}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'; style-src 'self'/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect((await fetch(`${server.url}/console`, { redirect: 'manual' })).headers.get('location')).toBe('/console/');

    await tab.goto(`${server.url}/console/`);
    await tab.getByLabel('Admin token').fill('not-the-token');
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByRole('alert').filter({ hasText: 'That admin token was refused.' }).waitFor();
    await screenshot('sign-in');

    await tab.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(await tab.evaluate(() => ({ session: Object.keys(sessionStorage), local: localStorage.length }))).toEqual({
      session: expect.arrayContaining(['latchkey.adminToken']),
      local: 0,
    });
    expect(tab.url()).not.toContain(ADMIN_TOKEN);
  });

  it('finds a user by email and disables one of their keys, whose login is then refused', async () => {
    expect((await post(`${CLIENT}/app/demo/auth/providers/local-userpass/register`, { email, password })).status).toBe(201);
    const session = await login('local-userpass', { username: email, password });
    userId = session.body.user_id;
    laptopKey = (await post(`${CLIENT}/auth/api_keys`, { name: 'laptop' }, session.body.refresh_token)).body.key;
    await post(`${CLIENT}/auth/api_keys`, { name: 'phone' }, session.body.refresh_token);
    expect((await login('api-key', { key: laptopKey })).status).toBe(200);

    await tab.getByRole('link', { name: 'Users' }).click();
    await tab.getByLabel('Email or user id').fill(email);
    await tab.getByRole('button', { name: 'Search' }).click();
    await tab.getByRole('link', { name: email }).waitFor();
    await screenshot('users');
    await tab.getByRole('link', { name: email }).click();
    await tab.getByRole('heading', { name: email }).waitFor();
    await tab.locator('[data-testid=key-laptop]').waitFor();

    await tab.locator('[data-testid=key-laptop]').getByRole('button', { name: 'Disable' }).click();
    await tab.locator('[data-testid=key-laptop]').getByText('disabled').waitFor();
    expect(await tab.locator('[data-testid=key-phone]').getByText('enabled').count()).toBe(1);
    expect((await login('api-key', { key: laptopKey })).status).toBe(401);
    await screenshot('user');
  });

  it('disables the user after a confirmation, and their login is then refused', async () => {
    await tab.getByRole('button', { name: 'Disable user' }).click();
    const dialog = tab.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Disable this user?' }).waitFor();
    await dialog.getByRole('button', { name: 'Disable' }).click();
    await tab.getByRole('button', { name: 'Enable user' }).waitFor();
    expect((await login('local-userpass', { username: email, password })).status).toBe(401);
  });

  it('creates a server key, copies its secret from the page, and that secret logs in as a server user', async () => {
    await tab.getByRole('link', { name: 'Server keys' }).click();
    await tab.getByLabel('New key name').fill('backend');
    await tab.getByRole('button', { name: 'Create server key' }).click();
    const shown = (await tab.locator('[data-testid=secret]').textContent())!;
    expect(shown).toMatch(/^lks_/);
    await tab.getByRole('button', { name: 'Copy secret' }).click();
    await tab.getByRole('button', { name: 'Copied' }).waitFor();
    const copied = await tab.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(shown);
    await tab.locator('[data-testid=key-backend]').waitFor();
    await screenshot('server-keys');

    const serverLogin = await login('api-key', { key: copied });
    expect(serverLogin.status).toBe(200);
    const profile = await fetch(`${server.url}${CLIENT}/auth/profile`, {
      headers: { authorization: `Bearer ${serverLogin.body.access_token}` },
    });
    expect((await profile.json()).identities[0].provider_type).toBe('api-key');
    const admin = await fetch(`${server.url}/api/admin/v1/apps/demo/users/${serverLogin.body.user_id}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect((await admin.json()).type).toBe('server');

    await tab.getByRole('button', { name: 'I have stored it' }).click();
    expect(await tab.locator('[data-testid=secret]').count()).toBe(0);
    await tab.reload();
    await tab.locator('[data-testid=key-backend]').waitFor();
    expect(await tab.content()).not.toContain(copied);
  });

  it('filters the audit log to that server key', async () => {
    const keys = await fetch(`${server.url}/api/admin/v1/apps/demo/api_keys`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const keyId = ((await keys.json()) as { _id: string; name: string }[]).find((key) => key.name === 'backend')!._id;
    await tab.getByRole('link', { name: 'Audit log' }).click();
    await tab.getByLabel('Key id').fill(keyId);
    await tab.getByRole('button', { name: 'Filter' }).click();
    const table = tab.locator('[data-testid=audit-events]');
    // The unfiltered log (every login of the tests above) is on the page until the filtered one
    // replaces it: wait until every row shown is that key's.
    const keyColumn = () => table.locator('tbody tr td:nth-child(5)').allTextContents();
    await expect
      .poll(async () => (await keyColumn()).length > 0 && (await keyColumn()).every((key) => key === keyId), { timeout: 10_000 })
      .toBe(true);
    const types = await table.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(types.sort()).toEqual(['key.created', 'login.succeeded']);
    await screenshot('audit');
  });

  it('shows the logins just made on the dashboard', async () => {
    await tab.getByRole('link', { name: 'Dashboard' }).click();
    // Made above: three successful logins (password, laptop key, server key) and two refused ones.
    const figure = (id: string) => tab.locator(`[data-testid=${id}] .figure-value`);
    await figure('logins-succeeded').waitFor();
    expect(Number(await figure('logins-succeeded').textContent())).toBeGreaterThanOrEqual(3);
    expect(Number(await figure('logins-failed').textContent())).toBeGreaterThanOrEqual(2);
    expect(Number(await figure('server-keys').textContent())).toBe(1);
    await tab.getByRole('img', { name: 'Logins per hour by provider and outcome' }).waitFor();
    await tab.getByText('The numbers').click();
    await tab.getByRole('cell', { name: 'api-key' }).first().waitFor();
    await screenshot('dashboard');
  });

  it("changes an app's settings, showing the server's refusal of a bad value", async () => {
    await tab.getByRole('link', { name: 'Apps' }).click();
    await tab.getByRole('link', { name: 'demo' }).click();
    await tab.getByLabel('Access token lifetime').fill('5');
    await tab.getByRole('button', { name: 'Save settings' }).click();
    // The server's sentence as it is: the setting's wire name and its bounds, in words.
    const refusal = tab.getByRole('alert').filter({ hasText: 'accessTokenTtlSeconds' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe(
      'settings.accessTokenTtlSeconds must be a whole number from 60 to 86400 seconds (1 minute to 1 day)',
    );
    expect(await tab.getByLabel('Access token lifetime').getAttribute('aria-invalid')).toBe('true');
    await tab.getByLabel('Access token lifetime').fill('900');
    await tab.getByRole('button', { name: 'Save settings' }).click();
    await tab.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const app = await fetch(`${server.url}/api/admin/v1/apps/demo`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect((await app.json()).settings.accessTokenTtlSeconds).toBe(900);
    await screenshot('app-settings');
  });

  it('sets up Google login from the form, and never shows its client secret again', async () => {
    await tab.getByLabel('Google', { exact: true }).fill('{"clientId": "console-client", "clientSecret": "console-secret-value"}');
    await tab.getByRole('checkbox', { name: /^Google/ }).check();
    await tab.getByRole('button', { name: 'Save settings' }).click();
    await tab.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const app = (await (
      await fetch(`${server.url}/api/admin/v1/apps/demo`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).json()) as {
      settings: { google: unknown; providers: string[] };
    };
    expect(app.settings.google).toEqual({ clientId: 'console-client', clientSecret: '(secret)' });
    expect(app.settings.providers).toContain('oauth2-google');
    expect(await tab.getByLabel('Google', { exact: true }).inputValue()).not.toContain('console-secret-value');
    // Not JSON: said so, nothing sent.
    await tab.getByLabel('Apple', { exact: true }).fill('{not json');
    await tab.getByRole('button', { name: 'Save settings' }).click();
    await tab.getByRole('alert').filter({ hasText: 'apple is not valid JSON' }).waitFor();
    await tab.getByLabel('Apple', { exact: true }).fill('');
  });

  it('fits a phone-width screen and is usable from the keyboard', async () => {
    await tab.setViewportSize({ width: 390, height: 844 });
    await tab.getByRole('link', { name: 'Users' }).click();
    await tab.getByLabel('Email or user id').waitFor();
    expect(await tab.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot('users-phone');
    await tab.setViewportSize({ width: 1280, height: 800 });
    // A user id in the search field opens that user, with Enter alone.
    await tab.getByLabel('Email or user id').fill(userId);
    await tab.getByLabel('Email or user id').press('Enter');
    await tab.getByRole('heading', { name: email }).waitFor();
  });

  it('signs out, forgetting the token', async () => {
    await tab.getByRole('button', { name: 'Sign out' }).click();
    await tab.getByLabel('Admin token').waitFor();
    expect(await tab.evaluate(() => sessionStorage.length)).toBe(0);
    expect(violations).toEqual([]);
  });
});
