import type { App } from './apps.js';
import type { Deps } from './deps.js';
import type { AppStats } from './stats.js';
/** The app's counts now, and its logins over the last `hours` hours (whole hours, the current one included). */
export declare function appStats(deps: Deps, app: App, hours: number): Promise<AppStats & {
    since: number;
}>;
