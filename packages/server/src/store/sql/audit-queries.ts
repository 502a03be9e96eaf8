import { objectIdFloor } from '../../crypto/ids.js';
import type { AuditEvent, AuditQuery } from '../../model/audit-events.js';
import { whereAll } from './conditions.js';
import { rows, run, type Op } from './driver.js';
import { toAuditEvent, type AuditRow } from './rows.js';

/** The audit log. Nothing here is announced: no cache holds events. */

const COLUMNS = '(id, app_id, type, at, actor, user_id, key_id, ip, user_agent, detail)';
const ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** Rows per INSERT: one statement (and one round trip on PostgreSQL) for many events; 500 parameters, under every limit. */
const CHUNK = 50;
const FULL_CHUNK = `INSERT INTO audit_events ${COLUMNS} VALUES ${Array(CHUNK).fill(ROW).join(', ')}`;
const ONE = `INSERT INTO audit_events ${COLUMNS} VALUES ${ROW}`;

const values = (e: AuditEvent) => [e.id, e.appId, e.type, e.at, e.actor, e.userId, e.keyId, e.ip, e.userAgent, JSON.stringify(e.detail)];

export function* insertAuditEvents(events: AuditEvent[]): Op<void> {
  let at = 0;
  for (; at + CHUNK <= events.length; at += CHUNK) yield* run(FULL_CHUNK, events.slice(at, at + CHUNK).flatMap(values));
  for (; at < events.length; at++) yield* run(ONE, values(events[at]!));
}

/**
 * Newest first (ids are time-ordered); every value is a parameter. A time range also bounds
 * the id, so it is answered from the primary key rather than by reading the whole log.
 */
export function* listAuditEvents(appId: string, query: AuditQuery): Op<AuditEvent[]> {
  const where = whereAll([
    ['app_id = ?', appId],
    query.after !== undefined && ['id < ?', query.after],
    query.type !== undefined && ['type = ?', query.type],
    query.userId !== undefined && ['user_id = ?', query.userId],
    query.keyId !== undefined && ['key_id = ?', query.keyId],
    query.since !== undefined && ['id >= ? AND at >= ?', objectIdFloor(query.since), query.since],
    query.until !== undefined && ['id < ? AND at < ?', objectIdFloor(query.until + 1000), query.until],
  ]);
  const found = yield* rows<AuditRow>(`SELECT * FROM audit_events WHERE ${where.sql} ORDER BY id DESC LIMIT ?`, [
    ...where.params,
    query.limit,
  ]);
  return found.map(toAuditEvent);
}

export function* deleteAuditEventsBefore(appId: string, before: number, limit: number): Op<number> {
  return yield* run(
    'DELETE FROM audit_events WHERE app_id = ? AND id IN (SELECT id FROM audit_events WHERE app_id = ? AND id < ? AND at < ? LIMIT ?)',
    [appId, appId, objectIdFloor(before + 1000), before, limit],
  );
}
