import { type AccessTokenCodec } from '../crypto/access-tokens.js';
import { type KeyEncryptionKeys, type SigningKey } from '../crypto/signing-keys.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';
/** A retired key verifies for as long as the longest-lived access token it can have signed, plus clock skew. */
export declare const RETIRED_KEY_LIFETIME_MS: number;
/**
 * The Ed25519 keys that sign and verify access tokens, shared by every node through the
 * database. Rotation puts a new key in front (it signs from then on, on every node: the change
 * is announced) and retires the others, which keep verifying until every token they can have
 * signed has expired, when maintenance prunes them and they leave the JWKS.
 */
export declare class SigningKeyRing {
    private readonly store;
    private readonly clock;
    private readonly keks;
    /** What the domain signs and verifies with: always the current keys. */
    readonly tokens: AccessTokenCodec;
    private serialised;
    private keys;
    private codec;
    private jwksBody;
    private reloadedAt;
    private readonly unsubscribe;
    private constructor();
    /**
     * With a key-encryption key (LATCHKEY_SECRET_KEY), keys stored in clear, or under the
     * previous key-encryption key, are re-stored encrypted under the current one at start.
     */
    static load(store: Store, clock: Clock, keks?: KeyEncryptionKeys): Promise<SigningKeyRing>;
    /** The keys, the signing one first. */
    list(): readonly SigningKey[];
    /** The public keys as a JSON Web Key Set, serialised once per change. */
    jwks(): string;
    reload(): Promise<void>;
    /** A new signing key, on every node; the previous ones retire. Returns the new key. */
    rotate(): Promise<SigningKey>;
    /** Drops retired keys no token they signed can still be valid under. Returns how many. */
    prune(): Promise<number>;
    close(): void;
    private adopt;
    /** Another node may have rotated before this one heard of it. */
    private unknownKey;
}
