import { objectIdFloor } from '../../crypto/ids.js';
import { whereAll } from './conditions.js';
import { rows, run } from './driver.js';
import { toAuditEvent } from './rows.js';
/** The audit log. Nothing here is announced: no cache holds events. */
const COLUMNS = '(id, app_id, type, at, actor, user_id, key_id, ip, user_agent, detail)';
const ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** Rows per INSERT: one statement (and one round trip on PostgreSQL) for many events; 500 parameters, under every limit. */
const CHUNK = 50;
const FULL_CHUNK = `INSERT INTO audit_events ${COLUMNS} VALUES ${Array(CHUNK).fill(ROW).join(', ')}`;
const ONE = `INSERT INTO audit_events ${COLUMNS} VALUES ${ROW}`;
const values = (e) => [e.id, e.appId, e.type, e.at, e.actor, e.userId, e.keyId, e.ip, e.userAgent, JSON.stringify(e.detail)];
export function* insertAuditEvents(events) {
    let at = 0;
    for (; at + CHUNK <= events.length; at += CHUNK)
        yield* run(FULL_CHUNK, events.slice(at, at + CHUNK).flatMap(values));
    for (; at < events.length; at++)
        yield* run(ONE, values(events[at]));
}
/**
 * Newest first (ids are time-ordered); every value is a parameter. A time range also bounds
 * the id, so it is answered from the primary key rather than by reading the whole log.
 */
export function* listAuditEvents(appId, query) {
    const where = whereAll([
        ['app_id = ?', appId],
        query.after !== undefined && ['id < ?', query.after],
        query.type !== undefined && ['type = ?', query.type],
        query.userId !== undefined && ['user_id = ?', query.userId],
        query.keyId !== undefined && ['key_id = ?', query.keyId],
        query.since !== undefined && ['id >= ? AND at >= ?', objectIdFloor(query.since), query.since],
        query.until !== undefined && ['id < ? AND at < ?', objectIdFloor(query.until + 1000), query.until],
    ]);
    const found = yield* rows(`SELECT * FROM audit_events WHERE ${where.sql} ORDER BY id DESC LIMIT ?`, [
        ...where.params,
        query.limit,
    ]);
    return found.map(toAuditEvent);
}
export function* deleteAuditEventsBefore(appId, before, limit) {
    return yield* run('DELETE FROM audit_events WHERE app_id = ? AND id IN (SELECT id FROM audit_events WHERE app_id = ? AND id < ? AND at < ? LIMIT ?)', [appId, appId, objectIdFloor(before + 1000), before, limit]);
}
//# sourceMappingURL=audit-queries.js.map