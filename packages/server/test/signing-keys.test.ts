import type { AccessTokenAnswer, Profile, SigningKey } from '@latchkey/protocol';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETIRED_KEY_LIFETIME_MS } from '../src/domain/signing-key-ring.js';
import { CLIENT, signUp, startTestServer, type TestServer } from './harness.js';

/** Rotating the key that signs access tokens: kid on every token, the old key verifying until its tokens expire. */
let server: TestServer;
let offset = 0;
beforeAll(async () => {
  server = await startTestServer({ clock: { now: () => Date.now() + offset } });
});
afterAll(() => server.close());

const kidOf = (token: string) => decodeProtectedHeader(token).kid;
const jwksKids = async () =>
  ((await server.request('GET', '/.well-known/jwks.json')).body as { keys: { kid: string }[] }).keys.map((k) => k.kid);

describe('signing-key rotation', () => {
  it('signs with the new key at once, keeps verifying the old one until its tokens expire, then drops it', async () => {
    const appId = await server.createApp();
    const before = await signUp(server, appId);
    const [oldKey] = (await server.admin<SigningKey[]>('GET', '/signing_keys')).body as { kid: string; signing: boolean }[];
    expect(kidOf(before.access_token)).toBe(oldKey!.kid);

    const rotated = await server.admin<SigningKey[]>('POST', '/signing_keys/rotate');
    expect(rotated.status).toBe(200);
    const [fresh, retired] = rotated.body as { kid: string; signing: boolean; retired_at: string | null }[];
    expect([fresh!.signing, retired!.kid, retired!.signing, typeof retired!.retired_at]).toEqual([true, oldKey!.kid, false, 'string']);
    expect(JSON.stringify(rotated.body)).not.toContain('PRIVATE');
    expect(await jwksKids()).toEqual([fresh!.kid, oldKey!.kid]);

    // New tokens carry the new kid, and a backend verifying with the JWKS accepts both.
    const after = await signUp(server, appId);
    expect(kidOf(after.access_token)).toBe(fresh!.kid);
    const jwks = createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`));
    await jwtVerify(after.access_token, jwks);
    await jwtVerify(before.access_token, jwks);
    // Latchkey itself still accepts the token the old key signed, and refreshes it with the new key.
    expect((await server.request<Profile>('GET', `${CLIENT}/auth/profile`, { token: before.access_token })).status).toBe(200);
    const refreshed = await server.request<AccessTokenAnswer>('POST', `${CLIENT}/auth/session`, { token: before.refresh_token });
    expect(kidOf(refreshed.body.access_token)).toBe(fresh!.kid);

    // Maintenance keeps the retired key while a token it signed can live, then prunes it.
    expect((await server.latchkey.maintenance()).signingKeys).toBe(0);
    offset += RETIRED_KEY_LIFETIME_MS + 60_000;
    try {
      expect((await server.latchkey.maintenance()).signingKeys).toBe(1);
      expect(await jwksKids()).toEqual([fresh!.kid]);
      expect(((await server.admin<SigningKey[]>('GET', '/signing_keys')).body as unknown[]).length).toBe(1);
    } finally {
      offset -= RETIRED_KEY_LIFETIME_MS + 60_000;
    }
  });
});
