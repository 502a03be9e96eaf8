import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSecret } from './key-format.js';
import { hashSecret } from './secret-hash.js';

const FILE_NAME = 'admin-token.sha256';

export interface AdminToken {
  hash: Buffer;
  /** Set only on the start that generated the token: the one chance to print it. */
  generated: string | null;
}

/**
 * The admin API's bearer token: the configured one, else the one generated on a previous start
 * (only its hash is on disk), else a new one whose hash is persisted now.
 */
export async function loadOrCreateAdminToken(dataDir: string, configured: string | undefined): Promise<AdminToken> {
  if (configured) return { hash: hashSecret(configured), generated: null };
  const path = join(dataDir, FILE_NAME);
  try {
    const hex = (await readFile(path, 'utf8')).trim();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${path} is not a SHA-256 hex digest`);
    return { hash: Buffer.from(hex, 'hex'), generated: null };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = generateSecret('admin-token');
  const hash = hashSecret(token);
  await mkdir(dataDir, { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, hash.toString('hex') + '\n', { mode: 0o600 });
  await rename(temp, path);
  return { hash, generated: token };
}
