import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App as AppAnswer } from '@latchkey/protocol';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import Provider from 'oidc-provider';
import * as Realm from 'realm-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, CLIENT, startTestServer, type TestServer, realmRefusal } from './harness.js';
import { CoreApp } from './realm-core/core-client.js';

/**
 * Google, Apple and Facebook logins. A real OpenID provider (the npm package oidc-provider,
 * certified) stands in for Google and Apple: Latchkey finds its keys through its discovery
 * document and JWKS, and checks id tokens signed with its key. A small token endpoint stands in
 * for Google's code exchange, and a small Graph API for Facebook's debug_token and /me.
 */

let server: TestServer;
let issuer: string;
let openId: Server;
let signingKey: CryptoKey;
let otherKey: CryptoKey;
let exchange: { server: Server; url: string; forms: URLSearchParams[] };
let graph: { server: Server; url: string; tokens: Map<string, { user: string; app: string; valid: boolean }>; dialogs: URLSearchParams[] };

async function listen(handler: (request: IncomingMessage, body: string) => { status?: number; json: unknown; location?: string }) {
  const http = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += String(chunk)));
    request.on('end', () => {
      const answer = handler(request, body);
      response
        .writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...(answer.location ? { location: answer.location } : {}) })
        .end(JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { server: http, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

const close = (http: Server) => {
  http.closeAllConnections();
  return new Promise((resolve) => http.close(resolve));
};

function idToken(
  claims: Record<string, unknown>,
  options: { key?: CryptoKey; aud?: string; iss?: string; expiresIn?: string | number } = {},
) {
  return new SignJWT({ email_verified: true, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'stand-in' })
    .setIssuer(options.iss ?? issuer)
    .setAudience(options.aud ?? 'google-client')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(options.key ?? signingKey);
}

async function appWith(settings: Record<string, unknown>): Promise<string> {
  const id = await server.createApp();
  const set = await server.admin<AppAnswer>('PATCH', `/apps/${id}`, { settings });
  if (set.status !== 200) throw new Error(set.text);
  return id;
}

beforeAll(async () => {
  server = await startTestServer();
  const pair = await generateKeyPair('RS256', { extractable: true });
  signingKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.privateKey)), kid: 'stand-in', use: 'sig', alg: 'RS256' };
  openId = createServer();
  await new Promise<void>((resolve) => openId.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(openId.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    jwks: { keys: [jwk] },
    features: { devInteractions: { enabled: false } },
    clients: [{ client_id: 'google-client', client_secret: 'stand-in-secret', redirect_uris: ['http://127.0.0.1/cb'] }],
  });
  const handle = provider.callback();
  openId.on('request', (request, response) => void handle(request, response));
  exchange = Object.assign(
    await listen((request, body) => {
      if (request.url === '/.well-known/openid-configuration')
        return {
          json: { issuer, jwks_uri: `${issuer}/jwks`, token_endpoint: `${exchange.url}/token`, authorization_endpoint: `${issuer}/auth` },
        };
      const form = new URLSearchParams(body);
      exchange.forms.push(form);
      return form.get('code') === 'good-code' && form.get('client_secret') === 'google-secret'
        ? { json: { id_token: pendingIdToken, access_token: 'x', token_type: 'Bearer' } }
        : { status: 400, json: { error: 'invalid_grant' } };
    }),
    { forms: [] as URLSearchParams[] },
  );
  graph = Object.assign(
    await listen((request) => {
      const url = new URL(request.url ?? '/', 'http://graph');
      if (url.pathname === '/debug_token') {
        const token = graph.tokens.get(url.searchParams.get('input_token') ?? '');
        if (url.searchParams.get('access_token') !== 'fb-app|fb-secret')
          return { status: 400, json: { error: { message: 'bad app token' } } };
        return {
          json: { data: token ? { is_valid: token.valid, app_id: token.app, user_id: token.user, expires_at: 0 } : { is_valid: false } },
        };
      }
      // The login dialog, as if the user had agreed at once: back to the app's redirect URI with a code.
      if (url.pathname === '/dialog/oauth') {
        const back = new URL(url.searchParams.get('redirect_uri')!);
        back.search = new URLSearchParams({ code: 'fb-code', state: url.searchParams.get('state')! }).toString();
        graph.dialogs.push(url.searchParams);
        return { status: 302, json: {}, location: back.toString() };
      }
      if (url.pathname === '/oauth/access_token') {
        const ok =
          url.searchParams.get('code') === 'fb-code' &&
          url.searchParams.get('client_secret') === 'fb-secret' &&
          !!url.searchParams.get('code_verifier');
        return ok
          ? { json: { access_token: 'EAAB-good', token_type: 'bearer' } }
          : { status: 400, json: { error: { message: 'bad code' } } };
      }
      if (url.pathname === '/me') {
        const token = graph.tokens.get(url.searchParams.get('access_token') ?? '');
        return {
          json: {
            id: token?.user,
            name: 'Fran Facebook',
            email: 'fran@example.com',
            picture: { data: { url: 'https://fb.example/fran.png' } },
          },
        };
      }
      return { status: 404, json: {} };
    }),
    { tokens: new Map<string, { user: string; app: string; valid: boolean }>(), dialogs: [] as URLSearchParams[] },
  );
});
let pendingIdToken = '';

afterAll(async () => {
  await server.close();
  await close(openId);
  await close(exchange.server);
  await close(graph.server);
});

describe('Google and Apple through a real OpenID provider', () => {
  it('logs a Google id token in with realm-web, as the same user each time, with the profile it carries', async () => {
    const id = await appWith({ google: { clientId: 'google-client', issuer }, providers: ['oauth2-google'] });
    const realm = server.realmApp(id);
    const token = () => idToken({ sub: 'g-1001', email: 'gia@example.com', name: 'Gia', picture: 'https://g.example/gia.png' });
    const user = await realm.logIn(Realm.Credentials.google({ idToken: await token() }));
    expect(user.identities).toEqual([{ id: 'g-1001', providerType: 'oauth2-google' }]);
    expect(user.profile).toMatchObject({ email: 'gia@example.com', name: 'Gia', pictureUrl: 'https://g.example/gia.png' });
    expect((await realm.logIn(Realm.Credentials.google({ idToken: await token() }))).id).toBe(user.id);
    // realm-core's body: {"provider": "oauth2-google", "id_token": …, "options": {…}}
    const core = new CoreApp(id, server.url);
    expect((await core.logIn({ provider: 'oauth2-google', id_token: await token() })).id).toBe(user.id);
  });

  it('refuses an id token for another client, from another key, expired, or with an unverified address shown as none', async () => {
    const id = await appWith({ google: { clientId: 'google-client', issuer }, providers: ['oauth2-google'] });
    const realm = server.realmApp(id);
    const cases: [string, Promise<string>, RegExp][] = [
      ['another client', idToken({ sub: 'x' }, { aud: 'someone-else' }), /another client or issuer/],
      ['another issuer', idToken({ sub: 'x' }, { iss: 'https://evil.example' }), /another client or issuer/],
      ['another key', idToken({ sub: 'x' }, { key: otherKey }), /does not verify/],
      ['expired', idToken({ sub: 'x' }, { expiresIn: Math.floor(Date.now() / 1000) - 600 }), /expired/],
    ];
    for (const [name, token, reason] of cases) {
      const refused = await realmRefusal(realm.logIn(Realm.Credentials.google({ idToken: await token })));
      expect(refused.errorCode, name).toBe('AuthError');
      expect(refused.error, name).toMatch(reason);
    }
    const unverified = await realm.logIn(
      Realm.Credentials.google({ idToken: await idToken({ sub: 'g-2', email: 'x@example.com', email_verified: false }) }),
    );
    expect(unverified.profile.email).toBeUndefined();
  });

  it('exchanges a Google server auth code with the client secret, which answers never show', async () => {
    const id = await appWith({
      google: { clientId: 'google-client', clientSecret: 'google-secret', issuer: exchange.url },
      providers: ['oauth2-google'],
    });
    // The stand-in's discovery sends keys to the OpenID provider's JWKS, and the code to its own token endpoint.
    pendingIdToken = await idToken({ sub: 'g-code', email: 'code@example.com' });
    const realm = server.realmApp(id);
    const user = await realm.logIn(Realm.Credentials.google({ authCode: 'good-code' }));
    expect(user.identities).toEqual([{ id: 'g-code', providerType: 'oauth2-google' }]);
    expect(Object.fromEntries(exchange.forms.at(-1)!)).toMatchObject({
      grant_type: 'authorization_code',
      code: 'good-code',
      client_id: 'google-client',
    });
    expect((await realmRefusal(realm.logIn(Realm.Credentials.google({ authCode: 'bad-code' })))).error).toContain('invalid_grant');
    const shown = await server.admin<AppAnswer>('GET', `/apps/${id}`);
    expect(shown.body.settings.google).toMatchObject({ clientSecret: '(secret)' });
    expect(shown.text).not.toContain('google-secret');
  });

  it('logs a user imported from App Services in by their Google identity, as the imported user', async () => {
    const id = await appWith({ google: { clientId: 'google-client', issuer }, providers: ['oauth2-google'] });
    const imported = '64a0000000000000000000aa';
    const report = await server.request<{ imported: number }>('POST', `/api/admin/v1/apps/${id}/import/users`, {
      token: ADMIN_TOKEN,
      rawBody: JSON.stringify({
        _id: imported,
        identities: [{ id: '1089-imported', provider_type: 'oauth2-google', provider_data: { email: 'old@example.com' } }],
        data: { email: 'old@example.com', name: 'Old Timer' },
      }),
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(report.body.imported).toBe(1);
    const user = await server
      .realmApp(id)
      .logIn(Realm.Credentials.google({ idToken: await idToken({ sub: '1089-imported', email: 'old@example.com' }) }));
    expect(user.id).toBe(imported);
    expect(user.profile).toMatchObject({ name: 'Old Timer' });
  });

  it('logs a Sign in with Apple id token in', async () => {
    const id = await appWith({ apple: { clientId: 'com.example.app', issuer }, providers: ['oauth2-apple'] });
    const realm = server.realmApp(id);
    const user = await realm.logIn(
      Realm.Credentials.apple(await idToken({ sub: '000123.apple', email: 'ann@privaterelay.appleid.com' }, { aud: 'com.example.app' })),
    );
    expect(user.identities).toEqual([{ id: '000123.apple', providerType: 'oauth2-apple' }]);
    expect(user.profile.email).toBe('ann@privaterelay.appleid.com');
    // realm-core's body: {"provider": "oauth2-apple", "id_token": …, "options": {…}}
    const core = new CoreApp(id, server.url);
    const coreUser = await core.logIn({
      provider: 'oauth2-apple',
      id_token: await idToken({ sub: '000123.apple' }, { aud: 'com.example.app' }),
    });
    expect(coreUser.id).toBe(user.id);
  });
});

describe('Facebook through a Graph API stand-in', () => {
  it("logs a user access token in after debug_token says it is valid and this app's, with the profile from /me", async () => {
    const id = await appWith({
      facebook: { appId: 'fb-app', appSecret: 'fb-secret', graphUrl: graph.url },
      providers: ['oauth2-facebook'],
    });
    graph.tokens.set('EAAB-good', { user: '4242', app: 'fb-app', valid: true });
    graph.tokens.set('EAAB-other-app', { user: '4242', app: 'another-app', valid: true });
    graph.tokens.set('EAAB-revoked', { user: '4242', app: 'fb-app', valid: false });
    const realm = server.realmApp(id);
    const user = await realm.logIn(Realm.Credentials.facebook('EAAB-good'));
    expect(user.identities).toEqual([{ id: '4242', providerType: 'oauth2-facebook' }]);
    expect((await new CoreApp(id, server.url).logIn({ provider: 'oauth2-facebook', accessToken: 'EAAB-good' })).id).toBe(user.id);
    expect(user.profile).toMatchObject({ name: 'Fran Facebook', email: 'fran@example.com' });
    expect((await realmRefusal(realm.logIn(Realm.Credentials.facebook('EAAB-other-app')))).error).toContain('another Facebook app');
    expect((await realmRefusal(realm.logIn(Realm.Credentials.facebook('EAAB-revoked')))).error).toContain('not valid');
  });

  it('logs in by the redirect login too: the dialog, the code exchanged with PKCE and the app secret, back to the page', async () => {
    const landing = 'http://app.test/fb';
    const id = await appWith({
      facebook: { appId: 'fb-app', appSecret: 'fb-secret', graphUrl: graph.url, dialogUrl: `${graph.url}/dialog/oauth` },
      providers: ['oauth2-facebook'],
      oauthRedirectUris: [landing],
    });
    graph.tokens.set('EAAB-good', { user: '4242', app: 'fb-app', valid: true });
    let url = `${server.url}${CLIENT}/app/${id}/auth/providers/oauth2-facebook/login?${new URLSearchParams({ redirect: landing, state: 'fb-state' }).toString()}`;
    for (let hop = 0; hop < 3; hop++) url = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!, url).toString();
    expect(url.startsWith(`${landing}#`)).toBe(true);
    const result = new URLSearchParams(new URL(url).hash.slice(1));
    expect(result.get('_baas_state')).toBe('fb-state');
    expect(graph.dialogs.at(-1)!.get('code_challenge_method')).toBe('S256');
    const profile = await server.request<{ identities: { id: string }[] }>('GET', `${CLIENT}/auth/profile`, {
      token: result.get('_baas_ua')!.split('$')[0]!,
    });
    expect(profile.body.identities.map((identity) => identity.id)).toEqual(['4242']);
  });
});
