import { createDecoder, createSigner, createVerifier } from 'fast-jwt';
import type { SigningKey } from './signing-keys.js';

/** What an access token says. `sid` ties it to a session so revoking the session kills it. */
export interface AccessClaims {
  sub: string;
  sid: string;
  aud: string;
  baas_domain_id: string;
  baas_device_id: string;
  iat: number;
  exp: number;
  typ: 'access';
  user_data: Record<string, unknown>;
  /** The key's scopes, space-separated (RFC 9068), on tokens of sessions opened with a scoped key. */
  scope?: string;
}

export interface AccessTokenCodec {
  sign(claims: Omit<AccessClaims, 'typ'>): string;
  /** The claims of a token signed by one of our keys, or null. Expiry is the caller's check. */
  verify(token: string): AccessClaims | null;
}

const decodeHeader = createDecoder({ complete: true });
/** Verified tokens remembered; a token presented again costs one Map lookup. */
const VERIFIED_CACHE_SIZE = 10_000;
/**
 * Tokens carrying large custom data (up to 16 KiB) are verified every time instead of being
 * remembered, so the cache stays within about 10,000 × 2 KiB however big custom data gets.
 */
const CACHEABLE_TOKEN_LENGTH = 2048;

function looksLikeClaims(payload: unknown): payload is AccessClaims {
  const p = payload as Partial<AccessClaims> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    p.typ === 'access' &&
    typeof p.sub === 'string' &&
    typeof p.sid === 'string' &&
    typeof p.aud === 'string' &&
    typeof p.exp === 'number' &&
    typeof p.iat === 'number'
  );
}

/**
 * EdDSA tokens through fast-jwt (node:crypto underneath; about three times cheaper per token
 * than WebCrypto). Verified claims are cached by token, in insertion order, oldest evicted
 * first: measured, this is cheaper than fast-jwt's own cache, which hashes every token with
 * SHA-256 and decodes its header on every call. Expiry is the caller's check, every time.
 */
export interface CodecOptions {
  /** Told when a token names a key this codec does not have (another node may have rotated). */
  onUnknownKey?: () => void;
  /** A retired key verifies for this long after it retired, and no longer, whatever the cache holds. */
  retiredKeyLifetimeMs: number;
  now: () => number;
}

export function createAccessTokenCodec(keys: SigningKey[], issuer: string, options: CodecOptions): AccessTokenCodec {
  const { onUnknownKey = () => undefined, retiredKeyLifetimeMs, now } = options;
  const [active] = keys;
  if (!active) throw new Error('at least one signing key is required');
  const signer = createSigner({
    algorithm: 'EdDSA',
    key: active.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    kid: active.kid,
    iss: issuer,
  });
  const verifiers = new Map(
    keys.map((key) => [
      key.kid,
      createVerifier({
        algorithms: ['EdDSA'],
        key: key.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
        ignoreExpiration: true,
        allowedIss: issuer,
      }),
    ]),
  );
  const [onlyVerifier] = verifiers.size === 1 ? verifiers.values() : [];
  // The earliest moment a retired key stops verifying: until then no token needs its kid looked up again.
  const retiredUntil = new Map(keys.flatMap((key) => (key.retiredAt ? [[key.kid, key.retiredAt + retiredKeyLifetimeMs] as const] : [])));
  const firstLapse = Math.min(...retiredUntil.values());
  const verified = new Map<string, AccessClaims>();
  /** Once a retired key's window has passed (maintenance prunes it later), its tokens are refused even from the cache. */
  function signedByLapsedKey(token: string): boolean {
    if (retiredUntil.size === 0 || now() < firstLapse) return false;
    const { header } = decodeHeader(token) as { header: { kid?: unknown } };
    const until = typeof header.kid === 'string' ? retiredUntil.get(header.kid) : undefined;
    return until !== undefined && now() >= until;
  }
  function verifyUncached(token: string): AccessClaims | null {
    try {
      let verifier = onlyVerifier;
      if (!verifier) {
        const { header } = decodeHeader(token) as { header: { kid?: unknown } };
        verifier = typeof header.kid === 'string' ? verifiers.get(header.kid) : undefined;
      }
      if (!verifier) {
        onUnknownKey();
        return null;
      }
      const payload: unknown = verifier(token);
      return looksLikeClaims(payload) ? Object.freeze(payload) : null;
    } catch {
      // With one key the header is not read: a token signed by a key this node has not loaded yet fails here.
      if (onlyVerifier) onUnknownKey();
      return null;
    }
  }
  return {
    sign: (claims) => signer({ ...claims, typ: 'access' }),
    verify(token) {
      const cached = verified.get(token);
      if (cached) return signedByLapsedKey(token) ? null : cached;
      const claims = verifyUncached(token);
      if (claims && signedByLapsedKey(token)) return null;
      if (claims && token.length <= CACHEABLE_TOKEN_LENGTH) {
        if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value as string);
        verified.set(token, claims);
      }
      return claims;
    },
  };
}
