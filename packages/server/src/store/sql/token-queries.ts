import type { TokenPurpose, UserpassToken } from '../../model/email-tokens.js';
import { firstRow, run, type Op } from './driver.js';
import { toToken, type TokenRow } from './rows.js';

/** Confirmation and reset tokens. None is announced: no cache holds them. */

export function* insertUserpassToken(token: UserpassToken): Op<void> {
  yield* run(
    'INSERT INTO userpass_tokens (id, app_id, identity_id, purpose, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [token.id, token.appId, token.identityId, token.purpose, token.tokenHash, token.createdAt, token.expiresAt],
  );
}

export function* findUserpassToken(tokenId: string): Op<UserpassToken | null> {
  const row = yield* firstRow<TokenRow>('SELECT * FROM userpass_tokens WHERE id = ?', [tokenId]);
  return row ? toToken(row) : null;
}

export function* consumeUserpassToken(tokenId: string): Op<boolean> {
  return (yield* run('DELETE FROM userpass_tokens WHERE id = ?', [tokenId])) === 1;
}

export function* deleteUserpassTokens(identityId: string, purpose: TokenPurpose): Op<void> {
  yield* run('DELETE FROM userpass_tokens WHERE identity_id = ? AND purpose = ?', [identityId, purpose]);
}

export function* deleteExpiredUserpassTokens(now: number): Op<number> {
  return yield* run('DELETE FROM userpass_tokens WHERE expires_at <= ?', [now]);
}
