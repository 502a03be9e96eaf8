import { LatchkeyError } from './errors.js';

/** A login's lasting half: its refresh token (stored only as a hash) and the access tokens it mints. */
export interface Session {
  id: string;
  appId: string;
  userId: string;
  /** The API key the session was opened with, so disabling or deleting the key revokes it. */
  keyId: string | null;
  refreshHash: Buffer;
  deviceId: string;
  createdAt: number;
  expiresAt: number;
  /** The scopes of the key it was opened with (null: unscoped), carried by its access tokens. */
  scopes: string[] | null;
}

/**
 * A session opened with an API key (a user key or a server key) is weaker than one opened
 * with a password: it may use the account, but never widen or outlast its own access. No key
 * management, no linking, no deleting the user: otherwise a leaked key could mint a second key
 * that survives deleting the first, or link an attacker's password to the account.
 */
export function requireSessionWithoutKey(session: Session, action: string): void {
  if (session.keyId !== null) {
    throw new LatchkeyError('APIKeySessionNotAllowed', `a session opened with an API key cannot ${action}; sign in with a password`);
  }
}
