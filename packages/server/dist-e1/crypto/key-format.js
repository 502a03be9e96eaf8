import { crc32 } from 'node:zlib';
import { randomBytesFromPool } from './random-pool.js';
const PREFIXES = {
    'user-key': 'lku_',
    'server-key': 'lks_',
    'admin-token': 'lka_',
    /** The single-use tokens of email confirmation and password reset. */
    'flow-token': 'lkt_',
    /** An app's webhook signing secret. */
    'webhook-secret': 'lkw_',
};
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// 43 uniformly random base62 characters carry 43 × log2(62) ≈ 256.03 bits; 62^6 > 2^32 holds the CRC.
export const BODY_LENGTH = 43;
export const CHECKSUM_LENGTH = 6;
const PREFIX_LENGTH = 4;
const ID_LENGTH = 24;
export const SECRET_LENGTH = PREFIX_LENGTH + BODY_LENGTH + CHECKSUM_LENGTH;
const LEGACY_REFRESH_TOKEN_LENGTH = SECRET_LENGTH + ID_LENGTH;
const SECRET_PATTERN = /^lk[usatw]_[0-9A-Za-z]{49}$/;
const LEGACY_REFRESH_TOKEN_PATTERN = /^lkr_[0-9a-f]{24}[0-9A-Za-z]{49}$/;
// Bytes at or above 248 (= 4 × 62) are discarded, so every character is exactly uniform.
const UNBIASED_LIMIT = 248;
/** `length` characters drawn uniformly from [0-9A-Za-z] with node:crypto randomness. */
export function randomBase62(length) {
    let out = '';
    while (out.length < length) {
        for (const byte of randomBytesFromPool(length)) {
            if (byte < UNBIASED_LIMIT && out.length < length)
                out += ALPHABET[byte % 62];
        }
    }
    return out;
}
function checksumOf(prefixAndBody) {
    let rest = crc32(prefixAndBody);
    let out = '';
    for (let i = 0; i < CHECKSUM_LENGTH; i++) {
        out = ALPHABET[rest % 62] + out;
        rest = Math.floor(rest / 62);
    }
    return out;
}
/** Appends the 6-character base62 CRC-32 of everything before it. */
export function withChecksum(prefixAndBody) {
    return prefixAndBody + checksumOf(prefixAndBody);
}
/** A fresh key or admin token with 256 bits from `node:crypto`. */
export function generateSecret(kind) {
    return withChecksum(PREFIXES[kind] + randomBase62(BODY_LENGTH));
}
/** Whether the last 6 characters are the CRC-32 of the rest. */
export function checksumHolds(candidate) {
    const split = candidate.length - CHECKSUM_LENGTH;
    return checksumOf(candidate.slice(0, split)) === candidate.slice(split);
}
/** The session id in a well-formed legacy (`lkr_`) refresh token, or null. Not authentication. */
export function sessionIdOfLegacyRefreshToken(candidate) {
    if (candidate.length !== LEGACY_REFRESH_TOKEN_LENGTH || !LEGACY_REFRESH_TOKEN_PATTERN.test(candidate) || !checksumHolds(candidate))
        return null;
    return candidate.slice(PREFIX_LENGTH, PREFIX_LENGTH + ID_LENGTH);
}
/**
 * The kind of a well-formed key or admin token, or null when the shape or checksum is wrong.
 * This is not authentication: a well-formed secret may still be unknown.
 */
export function parseSecretKind(candidate) {
    if (candidate.length !== SECRET_LENGTH || !SECRET_PATTERN.test(candidate) || !checksumHolds(candidate))
        return null;
    return KIND_OF_PREFIX.get(candidate.slice(0, PREFIX_LENGTH)) ?? null;
}
const KIND_OF_PREFIX = new Map(Object.entries(PREFIXES).map(([kind, prefix]) => [prefix, kind]));
//# sourceMappingURL=key-format.js.map