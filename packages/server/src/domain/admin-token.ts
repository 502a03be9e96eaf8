import { generateSecret } from '../crypto/key-format.js';
import { hashSecret } from '../crypto/secret-hash.js';
import type { Store } from '../store/store.js';

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
