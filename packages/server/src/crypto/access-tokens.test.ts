import { describe, expect, it } from 'vitest';
import { createAccessTokenCodec } from './access-tokens.js';
import { newSerialisedSigningKeys, parseSigningKeys, rotateSerialisedSigningKeys } from './signing-keys.js';

const LIFETIME_MS = 60_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const claims = (now: number) => ({
  sub: 'u',
  sid: 's',
  aud: 'app',
  baas_domain_id: 'd',
  baas_device_id: 'dev',
  iat: Math.floor(now / 1000),
  exp: Math.floor(now / 1000) + 3600,
  user_data: {},
});

describe('access tokens under a retired key', () => {
  it('verify until the retired window ends, then not at all, even when verified (and cached) before', () => {
    let now = T0;
    const clock = () => now;
    const original = newSerialisedSigningKeys(T0);
    const before = createAccessTokenCodec(parseSigningKeys(original), 'latchkey', { retiredKeyLifetimeMs: LIFETIME_MS, now: clock });
    const token = before.sign(claims(T0));
    const cachedToken = before.sign({ ...claims(T0), sid: 'other' });
    const after = createAccessTokenCodec(parseSigningKeys(rotateSerialisedSigningKeys(original, T0 + 1000)), 'latchkey', {
      retiredKeyLifetimeMs: LIFETIME_MS,
      now: clock,
    });
    expect(after.verify(cachedToken)?.sid).toBe('other');
    now = T0 + 1000 + LIFETIME_MS - 1;
    expect(after.verify(token)?.sub).toBe('u');
    now += 1;
    expect(after.verify(token)).toBeNull();
    expect(after.verify(cachedToken)).toBeNull();
    // The key that signs now is not affected by the window.
    expect(after.verify(after.sign(claims(now)))?.sub).toBe('u');
  });
});
