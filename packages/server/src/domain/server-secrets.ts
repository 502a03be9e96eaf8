import { generateSecret } from '../crypto/key-format.js';
import { hashSecret } from '../crypto/secret-hash.js';
import { newSerialisedSigningKeys, parseSigningKeys, type SigningKey } from '../crypto/signing-keys.js';
import type { Store } from '../store/store.js';

/**
 * Server-wide secrets live in the store, so every node of a deployment shares them: the first
 * node to start writes them, the others read what it wrote (insert-if-absent in the database,
 * so simultaneous first starts agree on one winner).
 */
export async function loadOrCreateSigningKeys(store: Store, now: number): Promise<SigningKey[]> {
  return parseSigningKeys(await store.insertServerSecretIfAbsent('signing-keys', newSerialisedSigningKeys(now)));
}

export interface AdminToken {
  hash: Buffer;
  /** Set only on the start that generated the token: the one chance to print it. */
  generated: string | null;
}

/** The configured admin token, else the stored one (only its hash is kept), else a new one. */
export async function loadOrCreateAdminToken(store: Store, configured: string | undefined): Promise<AdminToken> {
  if (configured) return { hash: hashSecret(configured), generated: null };
  const candidate = generateSecret('admin-token');
  const candidateHash = hashSecret(candidate).toString('hex');
  const stored = await store.insertServerSecretIfAbsent('admin-token-sha256', candidateHash);
  return { hash: Buffer.from(stored, 'hex'), generated: stored === candidateHash ? candidate : null };
}
