/**
 * Latchkey secrets look like `lku_<43 base62 chars of entropy><6 base62 chars of CRC-32>`.
 * The prefix names the kind so a leaked secret is recognisable (and routable to the right
 * table); base62 keeps the whole secret selectable with a double click; the CRC lets secret
 * scanners, and the server before any database work, reject typos and forgeries cheaply.
 *
 * Refresh tokens issued before they became JWT-shaped (see refresh-tokens.ts) look like
 * `lkr_<24 hex session id><43><6>`; they are still read until they expire.
 */
export type SecretKind = 'user-key' | 'server-key' | 'admin-token' | 'flow-token' | 'webhook-secret';
export declare const BODY_LENGTH = 43;
export declare const CHECKSUM_LENGTH = 6;
export declare const SECRET_LENGTH: number;
/** `length` characters drawn uniformly from [0-9A-Za-z] with node:crypto randomness. */
export declare function randomBase62(length: number): string;
/** Appends the 6-character base62 CRC-32 of everything before it. */
export declare function withChecksum(prefixAndBody: string): string;
/** A fresh key or admin token with 256 bits from `node:crypto`. */
export declare function generateSecret(kind: SecretKind): string;
/** Whether the last 6 characters are the CRC-32 of the rest. */
export declare function checksumHolds(candidate: string): boolean;
/** The session id in a well-formed legacy (`lkr_`) refresh token, or null. Not authentication. */
export declare function sessionIdOfLegacyRefreshToken(candidate: string): string | null;
/**
 * The kind of a well-formed key or admin token, or null when the shape or checksum is wrong.
 * This is not authentication: a well-formed secret may still be unknown.
 */
export declare function parseSecretKind(candidate: string): SecretKind | null;
