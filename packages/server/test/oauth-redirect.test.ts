import { randomBytes } from 'node:crypto';
import type { Profile } from '@latchkey/protocol';
import { startOpenIdProvider, type OpenIdProvider } from './openid-provider.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT, startTestServer, type TestServer } from './harness.js';

/**
 * realm-web's redirect login (`Credentials.google({ redirectUrl })`) against a real OpenID
 * provider (oidc-provider, with its development login and consent pages), walked as a browser
 * walks it: Latchkey's login URL, the provider's authorization endpoint (PKCE), its login and
 * consent forms, the callback, and the app's page with the fragment handleAuthRedirect reads.
 */

const LANDING = 'http://app.test/landing';
let server: TestServer;
let openId: OpenIdProvider;
let issuer: string;
let appId: string;

beforeAll(async () => {
  // Sealed secrets, as in production: each provider's secret must open under its own name.
  server = await startTestServer({ env: { LATCHKEY_SECRET_KEY: randomBytes(32).toString('base64') } });
  openId = await startOpenIdProvider({
    clientId: 'web-client',
    clientSecret: 'web-secret',
    redirectUri: `${server.url}${CLIENT}/auth/callback`,
  });
  issuer = openId.issuer;
  appId = await server.createApp();
  const set = await server.admin('PATCH', `/apps/${appId}`, {
    settings: {
      google: { clientId: 'web-client', clientSecret: 'web-secret', issuer },
      providers: ['oauth2-google'],
      oauthRedirectUris: [LANDING],
    },
  });
  if (set.status !== 200) throw new Error(set.text);
});
afterAll(async () => {
  await server.close();
  await openId.close();
});

/** A browser, as far as this flow needs one: cookies per host, redirects followed, the dev forms filled in. */
async function browse(start: string, login: string): Promise<URL> {
  const cookies = new Map<string, Map<string, string>>();
  let url = start;
  let method = 'GET';
  let body: string | undefined;
  for (let step = 0; step < 20; step++) {
    if (url.startsWith(LANDING)) return new URL(url);
    const host = new URL(url).host;
    const jar = cookies.get(host) ?? new Map<string, string>();
    cookies.set(host, jar);
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body,
    });
    for (const set of response.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).toString();
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`stuck at ${url}: ${response.status} ${html.slice(0, 300)}`);
    url = new URL(action.replaceAll('&amp;', '&'), url).toString();
    method = 'POST';
    // The provider's own login and consent pages, or a form_post answer (Apple's way) that posts itself.
    const hidden = Object.fromEntries(
      [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map(([, name, value]) => [name!, value!]),
    );
    body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : prompt ? { prompt } : hidden).toString();
  }
  throw new Error('too many steps');
}

const loginUrl = (query: Record<string, string>) =>
  `${server.url}${CLIENT}/app/${appId}/auth/providers/oauth2-google/login?${new URLSearchParams(query).toString()}`;

describe('the redirect login', () => {
  it('comes back from an Apple-style provider by form POST (response_mode form_post)', async () => {
    const apple = await server.createApp();
    const set = await server.admin('PATCH', `/apps/${apple}`, {
      settings: {
        apple: { clientId: 'web-client', clientSecret: 'web-secret', issuer },
        providers: ['oauth2-apple'],
        oauthRedirectUris: [LANDING],
      },
    });
    expect(set.status).toBe(200);
    const start = `${server.url}${CLIENT}/app/${apple}/auth/providers/oauth2-apple/login?${new URLSearchParams({ redirect: LANDING, state: 'apple-state' }).toString()}`;
    // Apple's client secret is sealed at rest like every secret setting.
    expect((await server.storedContents()).join('')).not.toContain('web-secret');
    const result = new URLSearchParams((await browse(start, 'ann')).hash.slice(1));
    expect(result.get('_baas_error')).toBeNull();
    expect(result.get('_baas_state')).toBe('apple-state');
    const profile = await server.request<Profile>('GET', `${CLIENT}/auth/profile`, { token: result.get('_baas_ua')!.split('$')[0]! });
    expect(profile.body.identities).toEqual([
      { id: 'ann', provider_type: 'oauth2-apple', provider_id: 'oauth2-apple', provider_data: expect.any(Object) },
    ]);
  });

  it('returns to the app page with the tokens in the fragment, for the same user each time', async () => {
    const landed = await browse(loginUrl({ redirect: LANDING, state: 'client-state-1' }), 'alice');
    const result = new URLSearchParams(landed.hash.slice(1));
    expect(result.get('_baas_state')).toBe('client-state-1');
    expect(result.get('_baas_client_app_id')).toBe(appId);
    expect(result.get('_baas_error')).toBeNull();
    const [accessToken, refreshToken, userId, deviceId] = (result.get('_baas_ua') ?? '').split('$');
    expect([refreshToken, deviceId].every(Boolean)).toBe(true);
    const profile = await server.request<Profile>('GET', `${CLIENT}/auth/profile`, { token: accessToken! });
    expect(profile.body).toMatchObject({
      user_id: userId,
      identities: [{ id: 'alice', provider_type: 'oauth2-google' }],
      data: { email: 'alice@example.com' },
    });

    const again = new URLSearchParams((await browse(loginUrl({ redirect: LANDING, state: 'client-state-2' }), 'alice')).hash.slice(1));
    expect(again.get('_baas_ua')!.split('$')[2]).toBe(userId);
  });

  it('refuses a page outside the allowlist, and a callback whose state did not come from Latchkey', async () => {
    const outside = await fetch(loginUrl({ redirect: 'https://evil.example/steal', state: 's' }), { redirect: 'manual' });
    expect(outside.status).toBe(400);
    expect(((await outside.json()) as { error: string }).error).toContain('oauthRedirectUris');
    const forged = await fetch(`${server.url}${CLIENT}/auth/callback?code=x&state=made.up.state`, { redirect: 'manual' });
    expect(forged.status).toBe(400);
    expect(forged.headers.get('location')).toBeNull();
  });

  it("sends the provider's refusal back to the app page as _baas_error", async () => {
    const start = await fetch(loginUrl({ redirect: LANDING, state: 'client-state-3' }), { redirect: 'manual' });
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const callback = await fetch(
      `${server.url}${CLIENT}/auth/callback?error=access_denied&state=${encodeURIComponent(authorize.searchParams.get('state')!)}`,
      { redirect: 'manual' },
    );
    expect(callback.status).toBe(302);
    const back = new URL(callback.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(LANDING);
    expect(new URLSearchParams(back.hash.slice(1)).get('_baas_error')).toBe('access_denied');
  });
});
