import type { AppDirectory } from './app-directory.js';
import { type AuditEvent, type AuditEventType, type AuditSink, type Origin } from './audit.js';
import type { Clock } from './clock.js';
import type { Store } from '../store/store.js';
/**
 * The audit log's writer: events are buffered and written in one transaction per second (or
 * per 500 events), so recording a login costs the login almost nothing. Every event also goes
 * to `observe` (the metrics count logins and key operations from them), whether or not the
 * app keeps an audit log (`auditRetentionDays: 0` keeps none).
 */
export declare class AuditLog implements AuditSink {
    private readonly store;
    private readonly apps;
    private readonly clock;
    private readonly observe;
    private readonly onError;
    private buffer;
    private timer;
    private flushing;
    constructor(store: Store, apps: AppDirectory, clock: Clock, observe: (event: AuditEvent) => void, onError: (error: unknown) => void);
    record(appId: string, type: AuditEventType, origin: Origin, subject?: {
        userId?: string | null;
        keyId?: string | null;
        detail?: Record<string, unknown>;
    }): void;
    start(): void;
    /** Writes what is buffered now; events of an app deleted meanwhile are dropped with it. */
    flush(): Promise<void>;
    stop(): Promise<void>;
}
