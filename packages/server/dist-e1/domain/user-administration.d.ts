import type { KeyOwner } from './api-keys.js';
import type { App } from './apps.js';
import type { Origin } from './audit.js';
import type { Deps } from './deps.js';
import { type UserQuery, type UserSummary } from './users.js';
/**
 * What an operator does to an app's users (the admin API): find them, create one, cut one
 * off, log one out everywhere, delete one, and reach their keys without them. Every change is
 * recorded in the audit log with the operator as its actor.
 */
/** Last-login times this node holds are written first, so what the operator reads is current here. */
export declare function findUserOrFail(deps: Deps, app: App, userId: string): Promise<UserSummary>;
export declare function listUsers(deps: Deps, app: App, query: UserQuery): Promise<UserSummary[]>;
/** An email/password user, confirmed, who exists at once (not at their first login). */
export declare function createPasswordUser(deps: Deps, app: App, email: string, password: string, origin: Origin): Promise<UserSummary>;
/** Disabling refuses every login of the user and ends all their sessions, on every node; enabling restores logins only. */
export declare function setUserDisabled(deps: Deps, app: App, userId: string, disabled: boolean, origin: Origin): Promise<void>;
/** Ends every session of the user (App Services' "logout"); they can log in again. Returns how many ended. */
export declare function logOutEverywhere(deps: Deps, app: App, userId: string, origin: Origin): Promise<number>;
/** Deletes the user with their identities, keys and sessions (a server user's server key goes with them). */
export declare function deleteUserByOperator(deps: Deps, app: App, userId: string, origin: Origin): Promise<void>;
/** The keys the user owns, as an operator reaches them: only after checking the user is in this app. */
export declare function keysOfUser(deps: Deps, app: App, userId: string): Promise<KeyOwner>;
