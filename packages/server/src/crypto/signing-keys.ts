import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { NO_KEY_ENCRYPTION, openSealedSecret, sealSecret, sealedWith, type KeyEncryptionKeys } from './sealed-secrets.js';

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
  /** In clear, when no key-encryption key is configured. */
  privateKeyPem?: string;
  /** `v1:<kek id>:<iv>:<tag>:<ciphertext>` (AES-256-GCM, base64url parts, the kid as associated data). */
  encryptedPrivateKey?: string;
  createdAt: string;
  retiredAt?: string;
}

function openSealed(stored: StoredSigningKey, keks: KeyEncryptionKeys): string {
  if (stored.privateKeyPem) return stored.privateKeyPem;
  return openSealedSecret(stored.encryptedPrivateKey ?? '', stored.kid, keks, `signing key ${stored.kid}`);
}

/** The stored key as `keks` want it: sealed with the current key-encryption key, or in clear without one. */
function protect(stored: StoredSigningKey, keks: KeyEncryptionKeys): StoredSigningKey {
  const { privateKeyPem: _clear, encryptedPrivateKey: _sealed, ...rest } = stored;
  const pem = openSealed(stored, keks);
  return keks.current ? { ...rest, encryptedPrivateKey: sealSecret(pem, stored.kid, keks.current) } : { ...rest, privateKeyPem: pem };
}

function isProtectedAsWanted(stored: StoredSigningKey, keks: KeyEncryptionKeys): boolean {
  return keks.current ? sealedWith(stored.encryptedPrivateKey ?? '') === keks.current.id : stored.privateKeyPem !== undefined;
}

/** The keys re-stored as `keks` want them (encrypted, re-encrypted under a new key-encryption key), or null when they already are. */
export function reprotectSerialisedSigningKeys(serialised: string, keks: KeyEncryptionKeys): string | null {
  const stored = readStored(serialised);
  if (stored.every((key) => isProtectedAsWanted(key, keks))) return null;
  return JSON.stringify(stored.map((key) => protect(key, keks)));
}

function newStoredKey(now: number, keks: KeyEncryptionKeys): StoredSigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const fresh = {
    kid: randomBytes(8).toString('hex'),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    createdAt: new Date(now).toISOString(),
  };
  return protect(fresh, keks);
}

function readStored(serialised: string): StoredSigningKey[] {
  const stored = JSON.parse(serialised) as StoredSigningKey[];
  if (!Array.isArray(stored) || stored.length === 0) throw new Error('the stored signing keys are empty');
  return stored;
}

/** A fresh key, serialised for storage as a one-key list. */
export function newSerialisedSigningKeys(now: number, keks: KeyEncryptionKeys = NO_KEY_ENCRYPTION): string {
  return JSON.stringify([newStoredKey(now, keks)]);
}

/** A new key in front (it signs from now on); the others retire, and keep verifying until pruned. */
export function rotateSerialisedSigningKeys(serialised: string, now: number, keks: KeyEncryptionKeys = NO_KEY_ENCRYPTION): string {
  const retired = readStored(serialised).map((key) => ({ ...key, retiredAt: key.retiredAt ?? new Date(now).toISOString() }));
  return JSON.stringify([newStoredKey(now, keks), ...retired]);
}

/** Without the keys retired before `before` (the signing key always stays), and how many went; null when none is. */
export function pruneSerialisedSigningKeys(serialised: string, before: number): { serialised: string; dropped: number } | null {
  const stored = readStored(serialised);
  const kept = stored.filter((key, index) => index === 0 || !key.retiredAt || Date.parse(key.retiredAt) >= before);
  return kept.length === stored.length ? null : { serialised: JSON.stringify(kept), dropped: stored.length - kept.length };
}

/** The first key signs; any others still verify, so keys can be rotated. */
export function parseSigningKeys(serialised: string, keks: KeyEncryptionKeys = NO_KEY_ENCRYPTION): SigningKey[] {
  return readStored(serialised).map((key) => {
    const privateKey = createPrivateKey(openSealed(key, keks));
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

/**
 * Another deployment's keys joining ours (a merge): ours keep signing; theirs only verify the
 * tokens they signed, retiring now if they had not, so maintenance prunes them once those expire.
 */
export function mergeSerialisedSigningKeys(ours: string, theirs: string, now: number): string {
  const kept = readStored(ours);
  const known = new Set(kept.map((key) => key.kid));
  const joining = readStored(theirs)
    .filter((key) => !known.has(key.kid))
    .map((key) => ({ ...key, retiredAt: key.retiredAt ?? new Date(now).toISOString() }));
  return JSON.stringify([...kept, ...joining]);
}
