import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

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

/**
 * Secrets at rest, sealed with the key-encryption key (LATCHKEY_SECRET_KEY): AES-256-GCM,
 * stored as `v1:<kek id>:<iv>:<tag>:<ciphertext>` (base64url parts). The context (what the
 * secret is and whose) is authenticated as associated data, so a sealed value copied into
 * another row or field does not open there.
 */
const VERSION = 'v1';

export function sealSecret(clear: string, context: string, kek: KeyEncryptionKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek.key, iv).setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
  return [VERSION, kek.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(':');
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(`${VERSION}:`);
}

/** The id of the key-encryption key a sealed value is sealed with. */
export function sealedWith(stored: string): string | undefined {
  return isSealed(stored) ? stored.split(':')[1] : undefined;
}

/** A sealed value this server cannot open: the key it was sealed with is not configured, or it was altered. */
export class SealedSecretError extends Error {}

/** Opens a sealed value with whichever configured key sealed it; `what` names it in the error. */
export function openSealedSecret(stored: string, context: string, keks: KeyEncryptionKeys, what: string): string {
  const [version, kekId, iv, tag, ciphertext] = stored.split(':');
  if (version !== VERSION || !iv || !tag || !ciphertext) throw new SealedSecretError(`${what} is stored in an unknown form`);
  const kek = [keks.current, keks.previous].find((candidate) => candidate?.id === kekId);
  if (!kek) {
    throw new SealedSecretError(
      `${what} is encrypted with a key-encryption key this server was not given (id ${kekId}): set LATCHKEY_SECRET_KEY to it ` +
        '(or, while rotating it, LATCHKEY_PREVIOUS_SECRET_KEY)',
    );
  }
  const decipher = createDecipheriv('aes-256-gcm', kek.key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SealedSecretError(
      `${what} does not open with the key-encryption key ${kekId}: it was altered, or that key is not the one it was sealed with`,
    );
  }
}
