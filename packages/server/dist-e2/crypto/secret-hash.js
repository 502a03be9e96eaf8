import { hash, timingSafeEqual } from 'node:crypto';
/**
 * Secrets (API keys, refresh tokens, the admin token) are stored only as their SHA-256.
 * A plain hash is enough here, unlike passwords: every secret carries 256 random bits, so
 * there is nothing to brute-force, and lookups must stay cheap on every request.
 */
export function hashSecret(secret) {
    // The one-shot hash: no Hash object per call (measured: SHA-256 was 6.6% of a key verification's CPU through createHash).
    return hash('sha256', secret, 'buffer');
}
/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatchesHash(secret, storedHash) {
    const presented = hashSecret(secret);
    return presented.length === storedHash.length && timingSafeEqual(presented, storedHash);
}
//# sourceMappingURL=secret-hash.js.map