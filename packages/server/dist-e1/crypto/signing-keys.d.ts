import { type KeyObject } from 'node:crypto';
/** One Ed25519 signing key; `kid` names it in token headers and in the JWKS. */
export interface SigningKey {
    kid: string;
    privateKey: KeyObject;
    publicKey: KeyObject;
    /** When it was made (milliseconds; 0 if unknown). */
    createdAt?: number;
    /** When a newer key took over signing; it still verifies until it is pruned. Null: it signs. */
    retiredAt?: number | null;
}
/** A key-encryption key (LATCHKEY_SECRET_KEY): 32 bytes, and an id derived from them that names it in stored keys. */
export interface KeyEncryptionKey {
    id: string;
    key: Buffer;
}
/** The configured key-encryption keys: the current one seals, the previous one (during its rotation) only opens. */
export interface KeyEncryptionKeys {
    current: KeyEncryptionKey | null;
    previous: KeyEncryptionKey | null;
}
export declare const NO_KEY_ENCRYPTION: KeyEncryptionKeys;
/** 32 bytes as 64 hex characters or base64 (43–44 characters). */
export declare function parseKeyEncryptionKey(text: string): KeyEncryptionKey;
/** The keys re-stored as `keks` want them (encrypted, re-encrypted under a new key-encryption key), or null when they already are. */
export declare function reprotectSerialisedSigningKeys(serialised: string, keks: KeyEncryptionKeys): string | null;
/** A fresh key, serialised for storage as a one-key list. */
export declare function newSerialisedSigningKeys(now: number, keks?: KeyEncryptionKeys): string;
/** A new key in front (it signs from now on); the others retire, and keep verifying until pruned. */
export declare function rotateSerialisedSigningKeys(serialised: string, now: number, keks?: KeyEncryptionKeys): string;
/** Without the keys retired before `before` (the signing key always stays), and how many went; null when none is. */
export declare function pruneSerialisedSigningKeys(serialised: string, before: number): {
    serialised: string;
    dropped: number;
} | null;
/** The first key signs; any others still verify, so keys can be rotated. */
export declare function parseSigningKeys(serialised: string, keks?: KeyEncryptionKeys): SigningKey[];
/** The public half of the keys as a JSON Web Key Set. */
export declare function toJwks(keys: SigningKey[]): {
    keys: Record<string, unknown>[];
};
