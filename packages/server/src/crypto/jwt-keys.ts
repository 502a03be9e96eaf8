import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { JwtAlgorithm } from '@latchkey/protocol';

/**
 * The keys a custom JWT provider's tokens are checked with: PEM public keys or JWKs for RS256,
 * ES256 and EdDSA, and shared secrets for HS256. Each key must fit its algorithm, so that a
 * token can never be checked with a key of another kind (an RS256 public key used as an HS256
 * secret is the classic forgery).
 */

/** The minimum length of an HS256 shared secret: RFC 7518 asks for a key of the hash's size (256 bits). */
export const MIN_HS256_SECRET_LENGTH = 32;

const KEY_TYPE: Record<Exclude<JwtAlgorithm, 'HS256'>, string> = { RS256: 'rsa', ES256: 'ec', EdDSA: 'ed25519' };

/** Why a public key does not fit the algorithm, or null when it does. */
function misfit(key: KeyObject, algorithm: Exclude<JwtAlgorithm, 'HS256'>): string | null {
  if (key.asymmetricKeyType !== KEY_TYPE[algorithm])
    return `is a ${key.asymmetricKeyType ?? 'unknown'} key, and ${algorithm} needs ${KEY_TYPE[algorithm]}`;
  const details = key.asymmetricKeyDetails;
  if (algorithm === 'RS256' && (details?.modulusLength ?? 0) < 2048) return 'is an RSA key under 2048 bits';
  if (algorithm === 'ES256' && details?.namedCurve !== 'prime256v1') return 'is not on the P-256 curve ES256 uses';
  return null;
}

/** A configured key as the verifier takes it (SPKI PEM, or the secret itself), or why it cannot be one. */
export function configuredKey(text: string, algorithm: JwtAlgorithm): { key: string } | { problem: string } {
  if (algorithm === 'HS256') {
    if (text.includes('-----BEGIN')) return { problem: 'is a PEM key; HS256 takes a shared secret' };
    if (text.length < MIN_HS256_SECRET_LENGTH) return { problem: `is shorter than ${MIN_HS256_SECRET_LENGTH} characters` };
    return { key: text };
  }
  if (/PRIVATE KEY/.test(text)) return { problem: 'is a private key: give Latchkey only the public key' };
  let key: KeyObject;
  try {
    key = createPublicKey(text);
  } catch {
    return { problem: 'is not a PEM public key (-----BEGIN PUBLIC KEY-----)' };
  }
  const wrong = misfit(key, algorithm);
  return wrong ? { problem: wrong } : { key: key.export({ type: 'spki', format: 'pem' }).toString() };
}

/** A key of a JWK set as SPKI PEM, when it is a public signing key that fits the algorithm; null otherwise. */
export function jwkToPem(jwk: JsonWebKey & { use?: unknown; alg?: unknown }, algorithm: JwtAlgorithm): string | null {
  if (algorithm === 'HS256' || jwk.use === 'enc' || (jwk.alg !== undefined && jwk.alg !== algorithm)) return null;
  if ('d' in jwk) return null;
  try {
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    return misfit(key, algorithm) ? null : key.export({ type: 'spki', format: 'pem' }).toString();
  } catch {
    return null;
  }
}
