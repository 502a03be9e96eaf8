import type { App } from './apps.js';
import type { Deps } from './deps.js';
import type { Origin } from './audit.js';
/** `sendResetPasswordEmail({email})`: known and unknown addresses get the same answer. */
export declare function sendResetPasswordEmail(deps: Deps, app: App, email: string): Promise<void>;
/** `resetPassword({token, tokenId, password})`: the link's token sets a new password. */
export declare function resetPassword(deps: Deps, app: App, tokenId: string, token: string, password: string, origin: Origin): Promise<void>;
/**
 * `callResetPasswordFunction({email, password}, ...args)`: the webhook is told who asks, with
 * the arguments, and a token (never the password). success sets the password now; pending
 * leaves the token for `resetPassword` later; fail refuses. An unknown address is answered as
 * pending, without calling the webhook.
 */
export declare function callResetWebhook(deps: Deps, app: App, email: string, password: string, args: unknown[], origin: Origin): Promise<void>;
