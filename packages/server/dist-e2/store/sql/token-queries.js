import { firstRow, run } from './driver.js';
import { toToken } from './rows.js';
/** Confirmation and reset tokens. None is announced: no cache holds them. */
export function* insertUserpassToken(token) {
    yield* run('INSERT INTO userpass_tokens (id, app_id, identity_id, purpose, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [token.id, token.appId, token.identityId, token.purpose, token.tokenHash, token.createdAt, token.expiresAt]);
}
export function* findUserpassToken(tokenId) {
    const row = yield* firstRow('SELECT * FROM userpass_tokens WHERE id = ?', [tokenId]);
    return row ? toToken(row) : null;
}
export function* consumeUserpassToken(tokenId) {
    return (yield* run('DELETE FROM userpass_tokens WHERE id = ?', [tokenId])) === 1;
}
export function* deleteUserpassTokens(identityId, purpose) {
    yield* run('DELETE FROM userpass_tokens WHERE identity_id = ? AND purpose = ?', [identityId, purpose]);
}
export function* deleteExpiredUserpassTokens(now) {
    return yield* run('DELETE FROM userpass_tokens WHERE expires_at <= ?', [now]);
}
//# sourceMappingURL=token-queries.js.map