import { type App, type AppSettings } from './apps.js';
import type { Origin } from './audit.js';
import type { Deps } from './deps.js';
import type { Session } from './sessions.js';
export declare function findAppOrFail(deps: Deps, clientAppId: string): Promise<App>;
export declare function appOfSession(deps: Deps, session: Session): Promise<App>;
export interface NewApp {
    clientAppId: string;
    name?: string | undefined;
    settings?: Partial<AppSettings> | undefined;
}
export declare function createApp(deps: Deps, input: NewApp, origin: Origin): Promise<App>;
export declare function updateAppSettings(deps: Deps, clientAppId: string, update: Partial<AppSettings>, origin: Origin): Promise<App>;
/** Deletes the app with everything in it; its events go too (they belong to it). */
export declare function deleteApp(deps: Deps, clientAppId: string): Promise<App>;
/** Makes (or replaces) the app's webhook secret; the answer is the only time it is shown. */
export declare function rotateWebhookSecret(deps: Deps, clientAppId: string, origin: Origin): Promise<string>;
