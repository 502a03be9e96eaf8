/**
 * Secrets (API keys, refresh tokens, the admin token) are stored only as their SHA-256.
 * A plain hash is enough here, unlike passwords: every secret carries 256 random bits, so
 * there is nothing to brute-force, and lookups must stay cheap on every request.
 */
export declare function hashSecret(secret: string): Buffer;
/** Constant-time comparison of a presented secret with a stored hash. */
export declare function secretMatchesHash(secret: string, storedHash: Buffer): boolean;
