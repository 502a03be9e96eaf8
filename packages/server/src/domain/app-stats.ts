import type { App } from './apps.js';
import type { Deps } from './deps.js';

/** Logins of one provider with one outcome in one hour (from the audit log). */
export interface LoginCount {
  /** The hour's start, ms since the epoch (UTC). */
  hour: number;
  provider: string;
  outcome: 'succeeded' | 'failed';
  count: number;
}

/** An app at a glance: what the console's dashboard draws. */
export interface AppStats {
  /** Normal users (server users counted apart). */
  users: { total: number; disabled: number; serverUsers: number };
  /** Active: neither disabled nor expired. */
  userKeys: { total: number; active: number };
  serverKeys: { total: number; active: number };
  /** Hour by hour since the start of the window, oldest first; hours without logins are absent. */
  logins: LoginCount[];
}

export const MAX_STATS_HOURS = 24 * 31;

/** The app's counts now, and its logins over the last `hours` hours (whole hours, the current one included). */
export async function appStats(deps: Deps, app: App, hours: number): Promise<AppStats & { since: number }> {
  const now = deps.clock.now();
  const since = Math.floor(now / 3_600_000) * 3_600_000 - (hours - 1) * 3_600_000;
  // This node's recent events first, so the current hour counts the logins just made here.
  await deps.audit.flush();
  return { since, ...(await deps.store.appStats(app.id, since, now)) };
}
