import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App, Credentials, MemoryStorage } from '../src/index.js';
import { startServer, type RunningServer } from './server.js';

/** Credentials.jwt against the real server with custom JWT set up (HS256, a token signed here with node:crypto). */
let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

const SECRET = 'a-shared-secret-of-at-least-32-characters';
const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
function hs256(claims: object): string {
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', SECRET).update(unsigned).digest('base64url')}`;
}

/** An OpenID provider stand-in: a discovery document and a JWKS, with the key that signs its id tokens here. */
async function openIdStandIn(): Promise<{ issuer: string; sign: (claims: object) => string; server: Server }> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const server = createServer((request, response) => {
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    response.setHeader('content-type', 'application/json');
    if (request.url === '/.well-known/openid-configuration') response.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    else response.end(JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sign = (claims: object) => {
    const unsigned = `${part({ alg: 'RS256', kid: 'k1' })}.${part({ iss: issuer, exp: Math.floor(Date.now() / 1000) + 600, ...claims })}`;
    return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url')}`;
  };
  return { issuer, sign, server };
}

describe('other providers', () => {
  it('logs in with a Google id token', async () => {
    const google = await openIdStandIn();
    const id = await server.createApp({ google: { clientId: 'web-client', issuer: google.issuer }, providers: ['oauth2-google'] });
    const app = new App({ id, baseUrl: server.url, storage: new MemoryStorage() });
    const user = await app.logIn(Credentials.google({ idToken: google.sign({ sub: 'g-sdk', aud: 'web-client', email: 'g@example.com' }) }));
    expect(user.identities).toEqual([{ id: 'g-sdk', providerType: 'oauth2-google' }]);
    expect(user.profile.email).toBe('g@example.com');
    google.server.close();
  });

  it("logs in with a JWT from the app's own identity system, as the same user each time", async () => {
    const id = await server.createApp({ customJwt: { algorithm: 'HS256', keys: [SECRET] }, providers: ['custom-token'] });
    const app = new App({ id, baseUrl: server.url, storage: new MemoryStorage() });
    const token = () => hs256({ sub: 'auth0|sdk', aud: id, exp: Math.floor(Date.now() / 1000) + 600 });
    const first = await app.logIn(Credentials.jwt(token()));
    const second = await app.logIn(Credentials.jwt(token()));
    expect(second.id).toBe(first.id);
    expect(first.identities).toEqual([{ id: 'auth0|sdk', providerType: 'custom-token' }]);
  });
});
