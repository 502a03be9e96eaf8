import type { UserQuery, UserSummary } from '../../domain/users.js';
import { type Dialect, type Op } from './driver.js';
/** Newest first (ids are time-ordered), filtered; every value is a parameter. */
export declare function listUsers(appId: string, query: UserQuery): Op<UserSummary[]>;
export declare function findUserSummary(appId: string, userId: string): Op<UserSummary | null>;
/** Disabling ends every session of the user in the same transaction; enabling restores logins, not sessions. */
export declare function setUserDisabled(d: Dialect, appId: string, userId: string, disabled: boolean): Op<boolean>;
export declare function deleteSessionsOfUser(appId: string, userId: string): Op<number>;
/** Last-login times, batched: a later time never goes backwards, whichever node writes last. */
export declare function recordLogins(logins: {
    userId: string;
    at: number;
}[]): Op<void>;
