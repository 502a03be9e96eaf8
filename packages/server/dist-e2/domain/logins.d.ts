import type { App } from './apps.js';
import type { Origin } from './audit.js';
import type { Deps } from './deps.js';
import { type Login } from './session-tokens.js';
/** What the clients send along with credentials (`options.device`); only the id matters here. */
export interface DeviceInfo {
    deviceId?: unknown;
}
/** Keeps a device id the client already holds, otherwise hands out a new one. */
export declare function resolveDeviceId(deps: Deps, device: DeviceInfo | undefined): string;
export declare function logInWithPassword(deps: Deps, app: App, username: string, password: string, origin: Origin, device?: DeviceInfo): Promise<Login>;
/** Every anonymous login is a new user (the clients reuse a logged-in anonymous user themselves). */
export declare function logInAnonymously(deps: Deps, app: App, origin: Origin, device?: DeviceInfo): Promise<Login>;
/**
 * User keys and server keys both log in here. A malformed key (wrong prefix, length or
 * checksum) is refused before any database work; unknown, disabled and deleted keys get the
 * same answer as malformed ones. A disabled user is told so, as for every provider.
 */
export declare function logInWithApiKey(deps: Deps, app: App, key: string, origin: Origin, device?: DeviceInfo): Promise<Login>;
