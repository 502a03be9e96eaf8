import type { App } from './apps.js';
import { type Origin } from './audit.js';
import type { Deps } from './deps.js';
import type { Identity } from './users.js';
/** Runs right after a registration that is not confirmed at once; a refused or failed webhook undoes the registration. */
export declare function startConfirmation(deps: Deps, app: App, identity: Identity): Promise<void>;
/** `confirmUser({token, tokenId})`: the link's token confirms its identity. */
export declare function confirmUser(deps: Deps, app: App, tokenId: string, token: string, origin: Origin): Promise<void>;
/**
 * `resendConfirmationEmail({email})`: a fresh link for a pending address. Known, unknown and
 * confirmed addresses get the same answer, so nobody learns which are registered.
 */
export declare function resendConfirmationEmail(deps: Deps, app: App, email: string): Promise<void>;
/**
 * `retryCustomConfirmation({email})`: asks the confirmation webhook again about a pending
 * address. An unknown or confirmed address is answered as if it had been asked.
 */
export declare function retryCustomConfirmation(deps: Deps, app: App, email: string): Promise<void>;
/** Admin: confirms a pending address outright. */
export declare function confirmByOperator(deps: Deps, app: App, email: string, origin: Origin): Promise<void>;
/** Admin: sends a pending address its confirmation again (mail or webhook, as the app confirms). */
export declare function resendByOperator(deps: Deps, app: App, email: string): Promise<void>;
