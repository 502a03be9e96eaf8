import { createDecoder, createSigner, createVerifier } from 'fast-jwt';
const decodeHeader = createDecoder({ complete: true });
/** Verified tokens remembered; a token presented again costs one Map lookup. */
const VERIFIED_CACHE_SIZE = 10_000;
/**
 * Tokens carrying large custom data (up to 16 KiB) are verified every time instead of being
 * remembered, so the cache stays within about 10,000 × 2 KiB however big custom data gets.
 */
const CACHEABLE_TOKEN_LENGTH = 2048;
function looksLikeClaims(payload) {
    const p = payload;
    return (typeof p === 'object' &&
        p !== null &&
        p.typ === 'access' &&
        typeof p.sub === 'string' &&
        typeof p.sid === 'string' &&
        typeof p.aud === 'string' &&
        typeof p.exp === 'number' &&
        typeof p.iat === 'number');
}
/**
 * EdDSA tokens through fast-jwt (node:crypto underneath; about three times cheaper per token
 * than WebCrypto). Verified claims are cached by token, in insertion order, oldest evicted
 * first: measured, this is cheaper than fast-jwt's own cache, which hashes every token with
 * SHA-256 and decodes its header on every call. Expiry is the caller's check, every time.
 */
export function createAccessTokenCodec(keys, issuer, onUnknownKey = () => undefined) {
    const [active] = keys;
    if (!active)
        throw new Error('at least one signing key is required');
    const signer = createSigner({
        algorithm: 'EdDSA',
        key: active.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        kid: active.kid,
        iss: issuer,
    });
    const verifiers = new Map(keys.map((key) => [
        key.kid,
        createVerifier({
            algorithms: ['EdDSA'],
            key: key.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
            ignoreExpiration: true,
            allowedIss: issuer,
        }),
    ]));
    const [onlyVerifier] = verifiers.size === 1 ? verifiers.values() : [];
    const verified = new Map();
    function verifyUncached(token) {
        try {
            let verifier = onlyVerifier;
            if (!verifier) {
                const { header } = decodeHeader(token);
                verifier = typeof header.kid === 'string' ? verifiers.get(header.kid) : undefined;
            }
            if (!verifier) {
                onUnknownKey();
                return null;
            }
            const payload = verifier(token);
            return looksLikeClaims(payload) ? Object.freeze(payload) : null;
        }
        catch {
            // With one key the header is not read: a token signed by a key this node has not loaded yet fails here.
            if (onlyVerifier)
                onUnknownKey();
            return null;
        }
    }
    return {
        sign: (claims) => signer({ ...claims, typ: 'access' }),
        verify(token) {
            const cached = verified.get(token);
            if (cached)
                return cached;
            const claims = verifyUncached(token);
            if (claims && token.length <= CACHEABLE_TOKEN_LENGTH) {
                if (verified.size >= VERIFIED_CACHE_SIZE)
                    verified.delete(verified.keys().next().value);
                verified.set(token, claims);
            }
            return claims;
        },
    };
}
//# sourceMappingURL=access-tokens.js.map