import type { TokenPurpose, UserpassToken } from '../../domain/userpass-tokens.js';
import { type Op } from './driver.js';
/** Confirmation and reset tokens. None is announced: no cache holds them. */
export declare function insertUserpassToken(token: UserpassToken): Op<void>;
export declare function findUserpassToken(tokenId: string): Op<UserpassToken | null>;
export declare function consumeUserpassToken(tokenId: string): Op<boolean>;
export declare function deleteUserpassTokens(identityId: string, purpose: TokenPurpose): Op<void>;
export declare function deleteExpiredUserpassTokens(now: number): Op<number>;
