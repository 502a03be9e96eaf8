import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { PASSWORD_THROTTLE } from './credentials.js';
import type { Deps } from './deps.js';
import { carryOutLeftRevocations } from './key-management.js';
import { pendingRegistrationCutoff } from '../model/pending-registrations.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Deleted in batches, so a sweep never holds the database for long: on SQLite a batch of 500
 * expired sessions takes a few milliseconds (measured at 10 million sessions: 1,000 took 14 ms).
 */
const BATCH = 500;

/**
 * Runs `batch` until it removes fewer than BATCH rows; answers how many went in all. After each
 * batch the sweep rests as long as the batch took (at least one turn of the event loop): SQLite
 * runs a batch synchronously, so requests are served only between batches, and a backlog of
 * millions (a server that never swept, or was down for months) takes at most half of the
 * server's time while it lasts instead of all of it.
 */
async function inBatches(batch: () => Promise<number>): Promise<number> {
  let deleted = 0;
  for (let removed = BATCH; removed === BATCH;) {
    const started = performance.now();
    removed = await batch();
    deleted += removed;
    const took = performance.now() - started;
    await (took >= 1 ? sleep(took) : nextTurn());
  }
  return deleted;
}

export interface MaintenanceResult {
  expiredSessions: number;
  expiredTokens: number;
  anonymousUsers: number;
  auditEvents: number;
  passwordFailures: number;
  pendingRegistrations: number;
  /** Leaked-key revocations that were answered but not carried out before a stop. */
  revocationRequests: number;
  /** Retired signing keys dropped (every token they signed has expired). */
  signingKeys: number;
}

/**
 * Anonymous users whose sessions are all gone can never log in again (they have no
 * credentials); App Services removed them after 90 days, and so does Latchkey, per app
 * (`anonymousUserTtlDays`, 0 keeps them).
 */
async function sweepAbandonedAnonymousUsers(deps: Deps, now: number): Promise<number> {
  let deleted = 0;
  for (const app of deps.apps.cachedApps()) {
    const days = app.settings.anonymousUserTtlDays;
    if (days > 0) deleted += await inBatches(() => deps.store.deleteAbandonedAnonymousUsers(app.id, now - days * DAY_MS, now, BATCH));
  }
  return deleted;
}

/** Registrations nobody confirmed in time (`pendingRegistrationTtlDays`) free their address. */
async function sweepExpiredPendingRegistrations(deps: Deps, now: number): Promise<number> {
  let deleted = 0;
  for (const app of deps.apps.cachedApps()) {
    deleted += await inBatches(() => deps.store.deleteExpiredPendingRegistrations(app.id, pendingRegistrationCutoff(app, now), BATCH));
  }
  return deleted;
}

/** Each app keeps its events `auditRetentionDays` (0 keeps none: whatever was kept before goes too). */
async function sweepOldAuditEvents(deps: Deps, now: number): Promise<number> {
  let deleted = 0;
  for (const app of deps.apps.cachedApps()) {
    const cutoff = now - app.settings.auditRetentionDays * DAY_MS;
    deleted += await inBatches(() => deps.store.deleteAuditEventsBefore(app.id, cutoff, BATCH));
  }
  return deleted;
}

/** What the server does every few minutes in the background: nothing a request waits for. */
export async function runMaintenance(deps: Deps): Promise<MaintenanceResult> {
  const now = deps.clock.now();
  const expiredSessions = await inBatches(() => deps.store.deleteExpiredSessions(now, BATCH));
  const expiredTokens = await deps.store.deleteExpiredUserpassTokens(now);
  const anonymousUsers = await sweepAbandonedAnonymousUsers(deps, now);
  const passwordFailures = await deps.store.deleteStalePasswordFailures(
    now - PASSWORD_THROTTLE.forgetAfterMs,
    now - PASSWORD_THROTTLE.knownAddressMs,
  );
  return {
    expiredSessions,
    expiredTokens,
    anonymousUsers,
    auditEvents: await sweepOldAuditEvents(deps, now),
    passwordFailures,
    pendingRegistrations: await sweepExpiredPendingRegistrations(deps, now),
    revocationRequests: await carryOutLeftRevocations(deps),
    signingKeys: await deps.signingKeys.prune(),
  };
}
