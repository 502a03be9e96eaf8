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
