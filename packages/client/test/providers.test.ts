import { createHmac } from 'node:crypto';
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

describe('other providers', () => {
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
