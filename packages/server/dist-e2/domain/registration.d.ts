import type { App } from './apps.js';
import type { Origin } from './audit.js';
import type { Deps } from './deps.js';
/**
 * Registration makes the identity; its user is created at the first login. Apps that confirm
 * at once (`autoConfirm`, the default) are done here; the others start a confirmation, by
 * mail or through their webhook.
 */
export declare function registerWithPassword(deps: Deps, app: App, email: string, password: string, origin: Origin): Promise<void>;
