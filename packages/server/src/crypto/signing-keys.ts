import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

/** One Ed25519 signing key; `kid` names it in token headers and in the JWKS. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** When it was made (milliseconds; 0 if unknown). */
  createdAt?: number;
  /** When a newer key took over signing; it still verifies until it is pruned. Null: it signs. */
  retiredAt?: number | null;
}

interface StoredSigningKey {
  kid: string;
  privateKeyPem: string;
  createdAt: string;
  retiredAt?: string;
}

function newStoredKey(now: number): StoredSigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    kid: randomBytes(8).toString('hex'),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    createdAt: new Date(now).toISOString(),
  };
}

function readStored(serialised: string): StoredSigningKey[] {
  const stored = JSON.parse(serialised) as StoredSigningKey[];
  if (!Array.isArray(stored) || stored.length === 0) throw new Error('the stored signing keys are empty');
  return stored;
}

/** A fresh key, serialised for storage as a one-key list. */
export function newSerialisedSigningKeys(now: number): string {
  return JSON.stringify([newStoredKey(now)]);
}

/** A new key in front (it signs from now on); the others retire, and keep verifying until pruned. */
export function rotateSerialisedSigningKeys(serialised: string, now: number): string {
  const retired = readStored(serialised).map((key) => ({ ...key, retiredAt: key.retiredAt ?? new Date(now).toISOString() }));
  return JSON.stringify([newStoredKey(now), ...retired]);
}

/** Without the keys retired before `before` (the signing key always stays); null when none is. */
export function pruneSerialisedSigningKeys(serialised: string, before: number): string | null {
  const stored = readStored(serialised);
  const kept = stored.filter((key, index) => index === 0 || !key.retiredAt || Date.parse(key.retiredAt) >= before);
  return kept.length === stored.length ? null : JSON.stringify(kept);
}

/** The first key signs; any others still verify, so keys can be rotated. */
export function parseSigningKeys(serialised: string): SigningKey[] {
  return readStored(serialised).map((key) => {
    const privateKey = createPrivateKey(key.privateKeyPem);
    return {
      kid: key.kid,
      privateKey,
      publicKey: createPublicKey(privateKey),
      createdAt: Date.parse(key.createdAt) || 0,
      retiredAt: key.retiredAt ? Date.parse(key.retiredAt) : null,
    };
  });
}

/** The public half of the keys as a JSON Web Key Set. */
export function toJwks(keys: SigningKey[]): { keys: Record<string, unknown>[] } {
  return {
    keys: keys.map((key) => ({ ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, use: 'sig', alg: 'EdDSA' })),
  };
}
