import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App as AppAnswer, LoginAnswer, Profile } from '@latchkey/protocol';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type CryptoKey, type JWK } from 'jose';

type KeyLike = CryptoKey;
import * as Realm from 'realm-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT, startTestServer, type TestServer, realmRefusal } from './harness.js';
import { CoreApp, CoreCredentials } from './realm-core/core-client.js';
import { CoreAppError } from './realm-core/core-jwt.js';

/**
 * Custom JWT (App Services' custom-token provider) with tokens minted by `jose`, as Auth0,
 * Firebase or Keycloak would sign them: RS256 through a JWK URI served on loopback (a key
 * rotation at the URI included), HS256 with two shared secrets, audiences, metadata fields,
 * and every refusal; through realm-web's Credentials.jwt and realm-core's request bodies.
 */

let server: TestServer;
let offset = 0;
let jwks: { server: Server; url: string; keys: JWK[]; hang: boolean; fetches: number };
let rsa: { privateKey: KeyLike; publicKey: KeyLike };
let rsaNext: { privateKey: KeyLike; publicKey: KeyLike };
const SECRET_A = 'first-shared-secret-of-at-least-32-chars';
const SECRET_B = 'second-shared-secret-of-at-least-32-chars';

async function serveJwks() {
  const state = { keys: [] as JWK[], hang: false, fetches: 0 };
  const http = createServer((_request, response) => {
    state.fetches++;
    if (state.hang) return; // never answers
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return Object.assign(state, { server: http, url: `http://127.0.0.1:${port}/.well-known/jwks.json` });
}

interface Mint {
  key: KeyLike | Uint8Array;
  alg?: string;
  kid?: string;
  sub?: string;
  aud?: string | string[];
  expiresIn?: string | number;
  claims?: Record<string, unknown>;
  notBefore?: number;
  issuedAt?: number;
}

function mint({
  key,
  alg = 'RS256',
  kid,
  sub = 'auth0|ada',
  aud,
  expiresIn = '10m',
  claims = {},
  notBefore,
  issuedAt,
}: Mint): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg, ...(kid ? { kid } : {}) }).setSubject(sub);
  if (aud) jwt.setAudience(aud);
  if (expiresIn !== 0) jwt.setExpirationTime(expiresIn);
  if (notBefore !== undefined) jwt.setNotBefore(notBefore);
  jwt.setIssuedAt(issuedAt);
  return jwt.sign(key);
}

async function appWith(customJwt: Record<string, unknown>): Promise<string> {
  const id = await server.createApp();
  const set = await server.admin<AppAnswer>('PATCH', `/apps/${id}`, {
    settings: { customJwt, providers: ['local-userpass', 'custom-token'] },
  });
  if (set.status !== 200) throw new Error(set.text);
  return id;
}

beforeAll(async () => {
  // A secret key, so HS256 secrets are sealed at rest; JWK fetches given up after a second.
  server = await startTestServer({
    clock: { now: () => Date.now() + offset },
    env: { LATCHKEY_SECRET_KEY: randomBytes(32).toString('base64'), LATCHKEY_PROVIDER_TIMEOUT_SECONDS: '1' },
  });
  jwks = await serveJwks();
  rsa = await generateKeyPair('RS256');
  rsaNext = await generateKeyPair('RS256');
  jwks.keys = [{ ...(await exportJWK(rsa.publicKey)), kid: 'one', use: 'sig', alg: 'RS256' }];
});
afterAll(async () => {
  await server.close();
  jwks.server.closeAllConnections();
  await new Promise((resolve) => jwks.server.close(resolve));
});

describe('custom JWT', () => {
  it('logs the subject in through a JWK URI, the same user each time, with metadata in the profile', async () => {
    const id = await appWith({
      algorithm: 'RS256',
      jwkUri: jwks.url,
      audience: ['https://api.example.com'],
      metadataFields: [
        { required: true, name: 'email', fieldName: 'email' },
        { required: false, name: 'https://example.com/claims.plan', fieldName: 'plan' },
        { required: false, name: 'name' },
      ],
    });
    const realm = server.realmApp(id);
    const token = () =>
      mint({ key: rsa.privateKey, kid: 'one', aud: 'https://api.example.com', claims: { email: 'ada@example.com', name: 'Ada' } });
    const first = await realm.logIn(Realm.Credentials.jwt(await token()));
    const again = await realm.logIn(Realm.Credentials.jwt(await token()));
    expect(again.id).toBe(first.id);
    expect(first.identities).toEqual([{ id: 'auth0|ada', providerType: 'custom-token' }]);
    expect(first.profile).toMatchObject({ email: 'ada@example.com', name: 'Ada' });

    const core = new CoreApp(id, server.url);
    const coreUser = await core.logIn(CoreCredentials.custom(await token()));
    expect(coreUser.id).toBe(first.id);
  });

  it('follows a key rotation at the JWK URI, fetching it again for an unknown kid at most every 30 s', async () => {
    const rotating = await serveJwks();
    rotating.keys = [{ ...(await exportJWK(rsa.publicKey)), kid: 'one', use: 'sig', alg: 'RS256' }];
    const id = await appWith({ algorithm: 'RS256', jwkUri: rotating.url });
    const realm = server.realmApp(id);
    expect((await realm.logIn(Realm.Credentials.jwt(await mint({ key: rsa.privateKey, kid: 'one', aud: id })))).id).toHaveLength(24);
    expect(rotating.fetches).toBe(1);

    rotating.keys = [...rotating.keys, { ...(await exportJWK(rsaNext.publicKey)), kid: 'two', use: 'sig', alg: 'RS256' }];
    const rotated = await mint({ key: rsaNext.privateKey, kid: 'two', aud: id });
    // Within 30 s of the last fetch, an unknown kid is refused without fetching again (made-up kids cannot flood the provider).
    const early = await realmRefusal(realm.logIn(Realm.Credentials.jwt(rotated)));
    expect(early).toMatchObject({ statusCode: 401, errorCode: 'AuthError' });
    expect(early.error).toContain("no key of the app's JWK set has the kid two");
    expect(rotating.fetches).toBe(1);

    offset += 31_000;
    expect((await realm.logIn(Realm.Credentials.jwt(rotated))).id).toHaveLength(24);
    expect(rotating.fetches).toBe(2);
    rotating.server.closeAllConnections();
    await new Promise((resolve) => rotating.server.close(resolve));
  });

  it('checks HS256 tokens against either shared secret (rotation), and never shows the secrets', async () => {
    const id = await appWith({ algorithm: 'HS256', keys: [SECRET_A, SECRET_B] });
    const realm = server.realmApp(id);
    for (const secret of [SECRET_A, SECRET_B]) {
      const user = await realm.logIn(
        Realm.Credentials.jwt(await mint({ key: new TextEncoder().encode(secret), alg: 'HS256', aud: id, sub: 'firebase-uid-1' })),
      );
      expect(user.identities).toEqual([{ id: 'firebase-uid-1', providerType: 'custom-token' }]);
    }
    const shown = await server.admin<AppAnswer>('GET', `/apps/${id}`);
    expect(shown.body.settings.customJwt).toMatchObject({ algorithm: 'HS256', keys: ['(secret)', '(secret)'] });
    expect(shown.text).not.toContain(SECRET_A);
    // Sent back as shown, the secrets stay; one replaced, the old one stops working.
    const kept = await server.admin('PATCH', `/apps/${id}`, {
      settings: { customJwt: { algorithm: 'HS256', keys: ['(secret)', SECRET_A + 'x'] } },
    });
    expect(kept.status).toBe(200);
    await realm.logIn(Realm.Credentials.jwt(await mint({ key: new TextEncoder().encode(SECRET_A), alg: 'HS256', aud: id })));
    const old = await realmRefusal(
      realm.logIn(Realm.Credentials.jwt(await mint({ key: new TextEncoder().encode(SECRET_B), alg: 'HS256', aud: id }))),
    );
    expect(old.errorCode).toBe('AuthError');
    expect((await server.storedContents()).join('')).not.toContain(SECRET_B);
  });

  it('takes all the configured audiences, or any with requireAnyAudience', async () => {
    const all = await appWith({ algorithm: 'HS256', keys: [SECRET_A], audience: ['a', 'b'] });
    const any = await appWith({ algorithm: 'HS256', keys: [SECRET_A], audience: ['a', 'b'], requireAnyAudience: true });
    const key = new TextEncoder().encode(SECRET_A);
    const onlyA = await mint({ key, alg: 'HS256', aud: ['a'] });
    expect((await realmRefusal(server.realmApp(all).logIn(Realm.Credentials.jwt(onlyA)))).error).toContain('aud must name a, b');
    expect((await server.realmApp(all).logIn(Realm.Credentials.jwt(await mint({ key, alg: 'HS256', aud: ['a', 'b'] })))).id).toBeTruthy();
    expect((await server.realmApp(any).logIn(Realm.Credentials.jwt(onlyA))).id).toBeTruthy();
  });

  it('refuses a wrong audience, an expired token, no exp, a token not valid yet, a missing required claim, alg none and HS256 signed with the public key', async () => {
    const id = await appWith({
      algorithm: 'RS256',
      keys: [await exportSPKI(rsa.publicKey)],
      metadataFields: [{ required: true, name: 'email' }],
    });
    const realm = server.realmApp(id);
    const good = { key: rsa.privateKey, aud: id, claims: { email: 'ada@example.com' } };
    const now = Math.floor(Date.now() / 1000);
    const publicPem = await exportSPKI(rsa.publicKey);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', aud: id, exp: now + 600 })).toString('base64url')}.`;
    const cases: [string, Promise<string> | string, RegExp][] = [
      ['wrong aud', mint({ ...good, aud: 'someone-else' }), /aud must name/],
      ['expired', mint({ ...good, expiresIn: now - 300 }), /expired/],
      ['no exp', mint({ ...good, expiresIn: 0 }), /no exp or no sub/],
      ['not yet', mint({ ...good, notBefore: now + 600 }), /not valid yet/],
      ['no email', mint({ ...good, claims: {} }), /required claim email is missing/],
      ['alg none', unsigned, /signed with none/],
      [
        'HS256 with the public key',
        mint({ key: new TextEncoder().encode(publicPem), alg: 'HS256', aud: id, claims: good.claims }),
        /signed with HS256/,
      ],
      ['another key', mint({ ...good, key: rsaNext.privateKey }), /signature does not verify/],
      ['not a JWT', 'not.a.jwt', /not a JWT|not a signed JWT/],
    ];
    for (const [name, token, reason] of cases) {
      const refused = await realmRefusal(realm.logIn(Realm.Credentials.jwt(await token)));
      expect(refused.errorCode, name).toBe('AuthError');
      expect(refused.error, name).toMatch(reason);
    }
    // A minute's leeway for clocks: just expired still logs in.
    expect((await realm.logIn(Realm.Credentials.jwt(await mint({ ...good, expiresIn: now - 20 })))).id).toBeTruthy();
  });

  it('refuses logins with ProviderUnavailable when the JWK URI never answers, after LATCHKEY_PROVIDER_TIMEOUT_SECONDS', async () => {
    const hanging = await serveJwks();
    hanging.hang = true;
    const id = await appWith({ algorithm: 'RS256', jwkUri: hanging.url });
    const core = new CoreApp(id, server.url);
    const error = await core
      .logIn(CoreCredentials.custom(await mint({ key: rsa.privateKey, kid: 'one', aud: id })))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoreAppError);
    expect(error).toMatchObject({ serverError: 'ProviderUnavailable', httpStatus: 502 });
    hanging.server.closeAllConnections();
    await new Promise((resolve) => hanging.server.close(resolve));
  });

  it('links a JWT identity to a signed-in user, and refuses one another user holds', async () => {
    const id = await appWith({ algorithm: 'HS256', keys: [SECRET_A] });
    const realm = server.realmApp(id);
    const key = new TextEncoder().encode(SECRET_A);
    const anonymousFirst = await server.admin('PATCH', `/apps/${id}`, { settings: { providers: ['anon-user', 'custom-token'] } });
    expect(anonymousFirst.status).toBe(200);
    const guest = await realm.logIn(Realm.Credentials.anonymous());
    const linked = await guest.linkCredentials(Realm.Credentials.jwt(await mint({ key, alg: 'HS256', aud: id, sub: 'keycloak-42' })));
    void linked;
    const profile = await server.request<Profile>('GET', `${CLIENT}/auth/profile`, { token: guest.accessToken });
    expect(profile.body.identities.map((identity) => identity.provider_type).sort()).toEqual(['anon-user', 'custom-token']);
    expect((await realm.logIn(Realm.Credentials.jwt(await mint({ key, alg: 'HS256', aud: id, sub: 'keycloak-42' })))).id).toBe(guest.id);

    // Another user (realm-web would reuse its own anonymous user, so this one logs in over HTTP).
    const other = await server.request<LoginAnswer>('POST', `${CLIENT}/app/${id}/auth/providers/anon-user/login`, { body: {} });
    expect(other.body.user_id).not.toBe(guest.id);
    const taken = await server.request('POST', `${CLIENT}/app/${id}/auth/providers/custom-token/login?link=true`, {
      token: other.body.access_token,
      body: { token: await mint({ key, alg: 'HS256', aud: id, sub: 'keycloak-42' }) },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error_code).toBe('IdentityAlreadyLinked');
  });

  it('refuses settings that cannot work, naming the field', async () => {
    const id = await server.createApp();
    const tries: [Record<string, unknown>, RegExp][] = [
      [{ providers: ['custom-token'] }, /custom-token provider needs customJwt/],
      [{ customJwt: { algorithm: 'RS256' } }, /exactly one of keys .* and jwkUri/],
      [{ customJwt: { algorithm: 'HS256', jwkUri: jwks.url } }, /HS256 takes its shared secrets in keys/],
      [{ customJwt: { algorithm: 'HS256', keys: ['short'] } }, /customJwt.keys\[0\] is shorter than 32 characters/],
      [{ customJwt: { algorithm: 'RS256', keys: ['not a pem'] } }, /customJwt.keys\[0\] is not a PEM public key/],
      [{ customJwt: { algorithm: 'ES256', keys: [await exportSPKI(rsa.publicKey)] } }, /is a rsa key, and ES256 needs ec/],
      [{ customJwt: { algorithm: 'HS256', keys: ['(secret)'] } }, /no secret of this algorithm is there to keep/],
      // A sealed-looking value would skip the key checks: only the secret itself is taken.
      [{ customJwt: { algorithm: 'HS256', keys: ['v1:k:aaaa:bbbb:cccc'] } }, /given in sealed form/],
      [{ customJwt: { algorithm: 'RS256', keys: ['v1:k:aaaa:bbbb:cccc'] } }, /given in sealed form/],
    ];
    for (const [settings, reason] of tries) {
      const answer = await server.admin('PATCH', `/apps/${id}`, { settings });
      expect(answer.status, JSON.stringify(settings)).toBe(400);
      expect(answer.body.error).toMatch(reason);
    }
  });
});
