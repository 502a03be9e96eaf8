import { isObjectId } from './ids.js';
import { BODY_LENGTH, CHECKSUM_LENGTH, checksumHolds, randomBase62, sessionIdOfLegacyRefreshToken, withChecksum } from './key-format.js';
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
export const REFRESH_TOKEN_HEADER = Buffer.from(JSON.stringify({ alg: 'none', typ: 'lkr' })).toString('base64url');
const SECRET_PART = new RegExp(`^[0-9A-Za-z]{${BODY_LENGTH + CHECKSUM_LENGTH}}$`);
/** Generous: a real token is about 200 characters; anything far longer is not one of ours. */
const MAX_TOKEN_LENGTH = 512;
/** A fresh refresh token for a session; `exp` is the session's expiry, in whole seconds. */
export function issueRefreshToken(subject) {
    const claims = {
        sub: subject.userId,
        sid: subject.sessionId,
        iat: Math.floor(subject.issuedAt / 1000),
        exp: Math.floor(subject.expiresAt / 1000),
    };
    const unsecured = `${REFRESH_TOKEN_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    return withChecksum(unsecured + randomBase62(BODY_LENGTH));
}
const PREFIX = `${REFRESH_TOKEN_HEADER}.`;
const SID = '"sid":"';
/**
 * The `sid` claim, found by position rather than by JSON.parse (a refresh is on every key
 * management call): trusting it costs nothing, because the hash of the whole token must
 * still match the session it names.
 */
function sessionIdOfClaims(encoded) {
    const claims = Buffer.from(encoded, 'base64url').toString('latin1');
    const at = claims.indexOf(SID);
    const sid = at < 0 ? '' : claims.slice(at + SID.length, at + SID.length + 24);
    return isObjectId(sid) ? sid : null;
}
/**
 * The session id a well-formed refresh token names (either shape), or null. This is not
 * authentication: the caller checks the token's hash against that session's.
 */
export function sessionIdOfRefreshToken(candidate) {
    if (candidate.startsWith('lkr_'))
        return sessionIdOfLegacyRefreshToken(candidate);
    if (candidate.length > MAX_TOKEN_LENGTH || !candidate.startsWith(PREFIX))
        return null;
    const secretAt = candidate.lastIndexOf('.') + 1;
    const claimsEnd = secretAt - 1;
    if (claimsEnd <= PREFIX.length || candidate.indexOf('.', PREFIX.length) !== claimsEnd)
        return null;
    if (!SECRET_PART.test(candidate.slice(secretAt)) || !checksumHolds(candidate))
        return null;
    return sessionIdOfClaims(candidate.slice(PREFIX.length, claimsEnd));
}
//# sourceMappingURL=refresh-tokens.js.map