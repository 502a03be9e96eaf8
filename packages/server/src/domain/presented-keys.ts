import { MAX_KEY_LENGTH } from '@latchkey/protocol';
import { parseSecretKind } from '../crypto/key-format.js';
import type { App } from '../model/apps.js';

/** Keys another system issued, brought in by an import, are at least this long (App Services' were 64 characters). */
export const MIN_IMPORTED_KEY_LENGTH = 16;

/** Not Latchkey's format, but possibly a key another system issued (never one of Latchkey's other secrets). */
export function mayBeImportedKey(secret: string): boolean {
  return (
    parseSecretKind(secret) === null &&
    !/^lk[a-z]_/.test(secret) &&
    secret.length >= MIN_IMPORTED_KEY_LENGTH &&
    secret.length <= MAX_KEY_LENGTH
  );
}

/**
 * Whether a presented API key is worth looking up: one in Latchkey's format (prefix, length and
 * checksum hold), or, in an app that accepts imported keys, one that may be another system's.
 * Anything else is refused before any database work.
 */
export function mayBeApiKey(app: App, secret: string): boolean {
  const kind = parseSecretKind(secret);
  if (kind === 'user-key' || kind === 'server-key') return true;
  return app.settings.acceptImportedKeys && mayBeImportedKey(secret);
}
