import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

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

/** A key-encryption key (LATCHKEY_SECRET_KEY): 32 bytes, and an id derived from them that names it in stored keys. */
export interface KeyEncryptionKey {
  id: string;
  key: Buffer;
}

/** The configured key-encryption keys: the current one seals, the previous one (during its rotation) only opens. */
export interface KeyEncryptionKeys {
  current: KeyEncryptionKey | null;
  previous: KeyEncryptionKey | null;
}

export const NO_KEY_ENCRYPTION: KeyEncryptionKeys = { current: null, previous: null };

/** 32 bytes as 64 hex characters or base64 (43–44 characters). */
export function parseKeyEncryptionKey(text: string): KeyEncryptionKey {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('a key-encryption key must be 32 bytes, as 64 hex characters or base64');
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 12), key };
}

function seal(pem: string, kid: string, kek: KeyEncryptionKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek.key, iv).setAAD(Buffer.from(kid));
  const ciphertext = Buffer.concat([cipher.update(pem, 'utf8'), cipher.final()]);
  return ['v1', kek.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(':');
}

function openSealed(stored: StoredSigningKey, keks: KeyEncryptionKeys): string {
  if (stored.privateKeyPem) return stored.privateKeyPem;
  const [version, kekId, iv, tag, ciphertext] = (stored.encryptedPrivateKey ?? '').split(':');
  const kek = [keks.current, keks.previous].find((candidate) => candidate?.id === kekId);
  if (version !== 'v1' || !iv || !tag || !ciphertext) throw new Error(`signing key ${stored.kid} is stored in an unknown form`);
  if (!kek) {
    throw new Error(
      `the signing keys are encrypted with a key-encryption key this server was not given (id ${kekId}): set LATCHKEY_SECRET_KEY to it ` +
        '(or, while rotating it, LATCHKEY_PREVIOUS_SECRET_KEY)',
    );
  }
  const decipher = createDecipheriv('aes-256-gcm', kek.key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(stored.kid));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

/** The stored key as `keks` want it: sealed with the current key-encryption key, or in clear without one. */
function protect(stored: StoredSigningKey, keks: KeyEncryptionKeys): StoredSigningKey {
  const { privateKeyPem: _clear, encryptedPrivateKey: _sealed, ...rest } = stored;
  const pem = openSealed(stored, keks);
  return keks.current ? { ...rest, encryptedPrivateKey: seal(pem, stored.kid, keks.current) } : { ...rest, privateKeyPem: pem };
}

function isProtectedAsWanted(stored: StoredSigningKey, keks: KeyEncryptionKeys): boolean {
  return keks.current ? stored.encryptedPrivateKey?.split(':')[1] === keks.current.id : stored.privateKeyPem !== undefined;
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
