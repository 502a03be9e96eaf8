import type { SigningKey } from './signing-keys.js';
/** What an access token says. `sid` ties it to a session so revoking the session kills it. */
export interface AccessClaims {
    sub: string;
    sid: string;
    aud: string;
    baas_domain_id: string;
    baas_device_id: string;
    iat: number;
    exp: number;
    typ: 'access';
    user_data: Record<string, unknown>;
    /** The key's scopes, space-separated (RFC 9068), on tokens of sessions opened with a scoped key. */
    scope?: string;
}
export interface AccessTokenCodec {
    sign(claims: Omit<AccessClaims, 'typ'>): string;
    /** The claims of a token signed by one of our keys, or null. Expiry is the caller's check. */
    verify(token: string): AccessClaims | null;
}
/**
 * EdDSA tokens through fast-jwt (node:crypto underneath; about three times cheaper per token
 * than WebCrypto). Verified claims are cached by token, in insertion order, oldest evicted
 * first: measured, this is cheaper than fast-jwt's own cache, which hashes every token with
 * SHA-256 and decodes its header on every call. Expiry is the caller's check, every time.
 */
export declare function createAccessTokenCodec(keys: SigningKey[], issuer: string, onUnknownKey?: () => void): AccessTokenCodec;
