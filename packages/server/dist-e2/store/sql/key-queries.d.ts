import type { ApiKey, KeyOwner } from '../../domain/api-keys.js';
import type { Identity, User } from '../../domain/users.js';
import type { InsertKeyResult, KeyAndOwner, RevokedKey } from '../store.js';
import { type Dialect, type Op } from './driver.js';
export declare function insertUserKeyIfUnderLimit(d: Dialect, key: ApiKey, limit: number): Op<InsertKeyResult>;
export declare function insertServerKeyIfUnderLimit(d: Dialect, key: ApiKey, user: User, identity: Identity, limit: number): Op<InsertKeyResult>;
/** The current secret first (one probe, the hot path); a rotated key's previous secret only when that misses. */
export declare function findKeyAndOwnerByHash(secretHash: Buffer): Op<KeyAndOwner | null>;
/**
 * A new secret for the key. With a grace period the old secret keeps logging in until
 * `previousValidUntil`, and the sessions it opened end then; without, they end now.
 */
export declare function rotateKey(d: Dialect, owner: KeyOwner, keyId: string, secretHash: Buffer, previousValidUntil: number | null): Op<ApiKey | null>;
/**
 * A leaked current secret disables its key; a leaked previous secret ends its grace. Either
 * way every session of the key ends (a session does not record which secret opened it).
 */
export declare function revokeSecrets(d: Dialect, secretHashes: Buffer[]): Op<RevokedKey[]>;
/**
 * Last-use times, batched; a time never goes backwards. User keys' lists are cached, so each
 * owner's list is announced as changed (once per batch, not per use).
 */
export declare function recordKeyUses(uses: {
    keyId: string;
    userId: string | null;
    at: number;
}[]): Op<void>;
export declare function findKey(owner: KeyOwner, keyId: string): Op<ApiKey | null>;
export declare function listKeys(owner: KeyOwner): Op<ApiKey[]>;
/** Disabling also removes the sessions opened with the key, in the same transaction. */
export declare function setKeyDisabled(d: Dialect, owner: KeyOwner, keyId: string, disabled: boolean): Op<boolean>;
/** Foreign keys cascade the key's sessions; a server key's user exists only through the key, and goes with it. */
export declare function deleteKey(owner: KeyOwner, keyId: string): Op<boolean>;
