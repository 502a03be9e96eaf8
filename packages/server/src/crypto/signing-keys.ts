import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

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

const FILE_NAME = 'signing-keys.json';

function fromStored(stored: StoredSigningKey): SigningKey {
  const privateKey = createPrivateKey(stored.privateKeyPem);
  return { kid: stored.kid, privateKey, publicKey: createPublicKey(privateKey) };
}

/**
 * Loads the signing keys from the data directory, generating and persisting one on first
 * start. The file is written atomically (temp file + rename) and readable by the owner only.
 * The first key in the file signs; any others still verify, so keys can be rotated.
 */
export async function loadOrCreateSigningKeys(dataDir: string): Promise<SigningKey[]> {
  const path = join(dataDir, FILE_NAME);
  try {
    const stored = JSON.parse(await readFile(path, 'utf8')) as StoredSigningKey[];
    if (!Array.isArray(stored) || stored.length === 0) throw new Error(`${path} holds no signing keys`);
    return stored.map(fromStored);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const stored: StoredSigningKey = {
    kid: randomBytes(8).toString('hex'),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    createdAt: new Date().toISOString(),
  };
  await mkdir(dataDir, { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify([stored], null, 2), { mode: 0o600 });
  await rename(temp, path);
  return [fromStored(stored)];
}

/** The public half of the keys as a JSON Web Key Set. */
export function toJwks(keys: SigningKey[]): { keys: Record<string, unknown>[] } {
  return {
    keys: keys.map((key) => ({ ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, use: 'sig', alg: 'EdDSA' })),
  };
}
