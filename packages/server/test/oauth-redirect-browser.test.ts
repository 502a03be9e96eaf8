import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchBrowser, type Browser } from '@latchkey/test-browser';
import type * as RealmWeb from 'realm-web';
import { startOpenIdProvider, type OpenIdProvider } from './openid-provider.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_STORE } from '../src/store/postgres/test-database.js';
import { CLIENT, startTestServer, type TestServer } from './harness.js';

/**
 * realm-web's redirect login in headless Chromium, as an app's users go through it: the app's
 * page calls `app.logIn(Credentials.google({ redirectUrl }))`, a window opens on Latchkey, then
 * on a real OpenID provider (oidc-provider) whose login and consent pages the test fills in;
 * the provider returns to Latchkey, Latchkey to the app's landing page, where
 * `Realm.handleAuthRedirect()` hands the tokens to the first page. One store is enough: the
 * flow stores nothing (test/oauth-redirect.test.ts walks it on both).
 */
describe.runIf(TEST_STORE === 'sqlite')('the redirect login in a browser', () => {
  let server: TestServer;
  let openId: OpenIdProvider;
  let site: Server;
  let browser: Browser;
  let origin: string;
  let appId: string;

  const listen = async (http: Server) => {
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    server = await startTestServer();
    openId = await startOpenIdProvider({
      clientId: 'web-client',
      clientSecret: 'web-secret',
      redirectUri: `${server.url}${CLIENT}/auth/callback`,
    });
    const issuer = openId.issuer;

    // The app's own site: a page that logs in, and the landing page the provider's round trip ends on.
    const realmWeb = await readFile(createRequire(import.meta.url).resolve('realm-web/dist/bundle.iife.js'), 'utf8');
    site = createServer((request, response) => {
      const page = (script: string) =>
        response
          .writeHead(200, { 'content-type': 'text/html' })
          .end(`<!doctype html><script src="/realm-web.js"></script><script>${script}</script>`);
      if (request.url === '/realm-web.js') return response.writeHead(200, { 'content-type': 'text/javascript' }).end(realmWeb);
      if (request.url?.startsWith('/landing')) return page('Realm.handleAuthRedirect();');
      return page('');
    });
    origin = await listen(site);
    appId = await server.createApp();
    const set = await server.admin('PATCH', `/apps/${appId}`, {
      settings: {
        google: { clientId: 'web-client', clientSecret: 'web-secret', issuer },
        providers: ['oauth2-google'],
        oauthRedirectUris: [`${origin}/landing`],
      },
    });
    if (set.status !== 200) throw new Error(set.text);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server.close();
    await openId.close();
    site.closeAllConnections();
    await new Promise((resolve) => site.close(resolve));
  });

  it('logs the user in through the popup and handleAuthRedirect, with realm-web unchanged', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    const popup = page.waitForEvent('popup');
    const loggedIn = page.evaluate(
      async ({ id, baseUrl, landing }) => {
        const { Realm } = globalThis as never as { Realm: typeof RealmWeb };
        const app = new Realm.App({ id, baseUrl });
        const user = await app.logIn(Realm.Credentials.google({ redirectUrl: landing }));
        return { id: user.id, identities: user.identities, email: user.profile.email };
      },
      { id: appId, baseUrl: server.url, landing: `${origin}/landing` },
    );
    const window = await popup;
    await window.waitForSelector('input[name=login]');
    await window.fill('input[name=login]', 'browser-user');
    await window.fill('input[name=password]', 'any');
    await window.click('button[type=submit]');
    await window.waitForSelector('input[name=prompt][value=consent]', { state: 'attached' });
    await window.click('button[type=submit]');
    const user = await loggedIn;
    expect(user.identities).toEqual([{ id: 'browser-user', providerType: 'oauth2-google' }]);
    expect(user.email).toBe('browser-user@example.com');
    await page.close();
  });
});
