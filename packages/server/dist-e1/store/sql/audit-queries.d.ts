import type { AuditEvent, AuditQuery } from '../../domain/audit.js';
import { type Op } from './driver.js';
export declare function insertAuditEvents(events: AuditEvent[]): Op<void>;
/**
 * Newest first (ids are time-ordered); every value is a parameter. A time range also bounds
 * the id, so it is answered from the primary key rather than by reading the whole log.
 */
export declare function listAuditEvents(appId: string, query: AuditQuery): Op<AuditEvent[]>;
export declare function deleteAuditEventsBefore(appId: string, before: number, limit: number): Op<number>;
