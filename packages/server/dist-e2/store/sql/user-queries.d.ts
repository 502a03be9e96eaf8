import type { CustomUserData } from '../../domain/custom-data.js';
import type { TokenPurpose } from '../../domain/userpass-tokens.js';
import type { Identity, User } from '../../domain/users.js';
import { type Dialect, type Op } from './driver.js';
/** Users and their identities. */
export declare function insertIdentity(identity: Identity): Op<void>;
export declare function insertUser(user: User): Op<void>;
export declare function insertUserWithIdentity(user: User, identity: Identity): Op<void>;
export declare function findPasswordIdentity(appId: string, email: string): Op<Identity | null>;
export declare function findIdentity(appId: string, identityId: string): Op<Identity | null>;
export declare function listPendingIdentities(appId: string, limit: number): Op<Identity[]>;
/** Nothing to announce: a pending identity has no user, so it is in no cache. */
export declare function confirmIdentity(identityId: string): Op<boolean>;
export declare function deleteOwnerlessIdentity(identityId: string): Op<boolean>;
/** A new password ends every session of the user, in the same transaction. */
/** Replaces the hash only if it is still `expected`: an upgrade never undoes a reset that came first. */
export declare function replacePasswordHash(identityId: string, expected: string, passwordHash: string): Op<boolean>;
export declare function setPasswordAndRevokeSessions(identityId: string, passwordHash: string): Op<boolean>;
export declare function markMailed(identityId: string, kind: TokenPurpose, now: number, minIntervalMs: number): Op<boolean>;
/** Gives an ownerless identity to `newUser` under a lock on the identity, so two first logins agree. */
export declare function claimIdentity(d: Dialect, identityId: string, newUser: User): Op<string>;
export declare function linkIdentity(identityId: string, userId: string): Op<boolean>;
export declare function findUser(appId: string, userId: string): Op<User | null>;
export declare function updateCustomUserData(appId: string, userId: string, customData: CustomUserData): Op<boolean>;
export declare function listIdentities(userId: string): Op<Identity[]>;
/** Foreign keys cascade to the user's identities, keys and sessions. */
export declare function deleteUser(appId: string, userId: string): Op<boolean>;
/** Nothing is announced: users without a live session are in no cache anyone can reach. */
export declare function deleteAbandonedAnonymousUsers(appId: string, createdBefore: number, now: number, limit: number): Op<number>;
