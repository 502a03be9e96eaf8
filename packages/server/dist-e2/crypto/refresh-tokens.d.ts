/**
 * Refresh tokens are shaped like JWTs, `<header>.<claims>.<secret>`, because realm-core (the
 * client inside every native Realm SDK) parses both tokens of a login as JWTs, reading `exp`
 * and `iat`, and drops the user when either is not one; it never looks at a signature.
 *
 * They are not signed, and say so: the header is always `{"alg":"none","typ":"lkr"}`, so no
 * JWT library takes one for a signed token (and the access-token verifier accepts only
 * EdDSA). The claims carry the session id (`sid`): the session is found by its primary key,
 * never through an index over random values. The third part is 43 base62 characters of
 * node:crypto randomness (256 bits) and a CRC-32 of the whole token, so a typo or a token
 * cut short is refused before any lookup, and secret scanners can check one offline.
 *
 * Only the SHA-256 of the whole token is stored, and compared in constant time: changing any
 * byte, in the claims as much as in the secret, changes the hash. No signature is spent on
 * them, so a login still costs exactly one Ed25519 signature (the access token's).
 */
export declare const REFRESH_TOKEN_HEADER: string;
export interface RefreshTokenSubject {
    sessionId: string;
    userId: string;
    /** Milliseconds since the epoch, as every time in the domain. */
    issuedAt: number;
    expiresAt: number;
}
/** A fresh refresh token for a session; `exp` is the session's expiry, in whole seconds. */
export declare function issueRefreshToken(subject: RefreshTokenSubject): string;
/**
 * The session id a well-formed refresh token names (either shape), or null. This is not
 * authentication: the caller checks the token's hash against that session's.
 */
export declare function sessionIdOfRefreshToken(candidate: string): string | null;
