import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

/** One Ed25519 signing key; `kid` names it in token headers and in the JWKS. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

interface StoredSigningKey {
  kid: string;
  privateKeyPem: string;
  createdAt: string;
}

/** A fresh key, serialised for storage as a one-key list. */
export function newSerialisedSigningKeys(now: number): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  const stored: StoredSigningKey = {
    kid: randomBytes(8).toString('hex'),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    createdAt: new Date(now).toISOString(),
  };
  return JSON.stringify([stored]);
}

/** The first key signs; any others still verify, so keys can be rotated. */
export function parseSigningKeys(serialised: string): SigningKey[] {
  const stored = JSON.parse(serialised) as StoredSigningKey[];
  if (!Array.isArray(stored) || stored.length === 0) throw new Error('the stored signing keys are empty');
  return stored.map((key) => {
    const privateKey = createPrivateKey(key.privateKeyPem);
    return { kid: key.kid, privateKey, publicKey: createPublicKey(privateKey) };
  });
}

/** The public half of the keys as a JSON Web Key Set. */
export function toJwks(keys: SigningKey[]): { keys: Record<string, unknown>[] } {
  return {
    keys: keys.map((key) => ({ ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, use: 'sig', alg: 'EdDSA' })),
  };
}
