import { objectIdFloor } from '../../crypto/ids.js';
import type { AppStats, LoginCount } from '../../model/app-stats.js';
import { rows, type Op } from './driver.js';

/** The counts behind the console's dashboard: aggregates only, each one indexed query. */

const HOUR_MS = 3_600_000;

interface CountRow {
  kind: string;
  total: number | string;
  other: number | string | null;
}

interface LoginRow {
  hour: number | string;
  type: string;
  detail: string | Record<string, unknown>;
  count: number | string;
}

/** PostgreSQL answers COUNT and SUM as text (bigint); SQLite as numbers. */
const count = (value: number | string | null) => Number(value ?? 0);

export function* appStats(appId: string, since: number, now: number): Op<AppStats> {
  const users = yield* rows<CountRow>(
    'SELECT type AS kind, COUNT(*) AS total, SUM(CASE WHEN disabled = ? THEN 1 ELSE 0 END) AS other FROM users WHERE app_id = ? GROUP BY type',
    [true, appId],
  );
  const keys = yield* rows<CountRow>(
    'SELECT kind, COUNT(*) AS total, SUM(CASE WHEN disabled = ? OR (expires_at IS NOT NULL AND expires_at <= ?) THEN 0 ELSE 1 END) AS other ' +
      'FROM api_keys WHERE app_id = ? GROUP BY kind',
    [true, now, appId],
  );
  // Hour buckets of the login events; the detail (provider, and the code of a failure) has few distinct values.
  const logins = yield* rows<LoginRow>(
    `SELECT at - (at % ${HOUR_MS}) AS hour, type, detail, COUNT(*) AS count FROM audit_events ` +
      "WHERE app_id = ? AND type IN ('login.succeeded', 'login.failed') AND id >= ? AND at >= ? GROUP BY at - (at % " +
      `${HOUR_MS}), type, detail`,
    [appId, objectIdFloor(since), since],
  );
  const byKind = (found: CountRow[], kind: string) => found.find((row) => row.kind === kind);
  const merged = new Map<string, LoginCount>();
  for (const row of logins) {
    const detail = (typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail) as { provider?: unknown };
    const login: LoginCount = {
      hour: count(row.hour),
      provider: typeof detail.provider === 'string' ? detail.provider : 'unknown',
      outcome: row.type === 'login.succeeded' ? 'succeeded' : 'failed',
      count: count(row.count),
    };
    const key = `${login.hour} ${login.provider} ${login.outcome}`;
    const seen = merged.get(key);
    if (seen) seen.count += login.count;
    else merged.set(key, login);
  }
  return {
    users: {
      total: count(byKind(users, 'normal')?.total ?? 0),
      disabled: count(byKind(users, 'normal')?.other ?? 0),
      serverUsers: count(byKind(users, 'server')?.total ?? 0),
    },
    userKeys: { total: count(byKind(keys, 'user')?.total ?? 0), active: count(byKind(keys, 'user')?.other ?? 0) },
    serverKeys: { total: count(byKind(keys, 'server')?.total ?? 0), active: count(byKind(keys, 'server')?.other ?? 0) },
    logins: [...merged.values()].sort(
      (a, b) => a.hour - b.hour || a.provider.localeCompare(b.provider) || a.outcome.localeCompare(b.outcome),
    ),
  };
}
