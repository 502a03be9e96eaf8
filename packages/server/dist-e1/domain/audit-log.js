import { newObjectId } from '../crypto/ids.js';
import { actorName } from './audit.js';
const FLUSH_MS = 1_000;
const MAX_BATCH = 500;
const MAX_USER_AGENT = 256;
/**
 * The audit log's writer: events are buffered and written in one transaction per second (or
 * per 500 events), so recording a login costs the login almost nothing. Every event also goes
 * to `observe` (the metrics count logins and key operations from them), whether or not the
 * app keeps an audit log (`auditRetentionDays: 0` keeps none).
 */
export class AuditLog {
    store;
    apps;
    clock;
    observe;
    onError;
    buffer = [];
    timer = null;
    flushing = Promise.resolve();
    constructor(store, apps, clock, observe, onError) {
        this.store = store;
        this.apps = apps;
        this.clock = clock;
        this.observe = observe;
        this.onError = onError;
    }
    record(appId, type, origin, subject = {}) {
        const now = this.clock.now();
        const event = {
            id: newObjectId(now),
            appId,
            type,
            at: now,
            actor: actorName(origin.actor),
            userId: subject.userId ?? null,
            keyId: subject.keyId ?? null,
            ip: origin.ip,
            userAgent: origin.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
            detail: subject.detail ?? {},
        };
        this.observe(event);
        if ((this.apps.cachedById(appId)?.settings.auditRetentionDays ?? 0) === 0)
            return;
        this.buffer.push(event);
        if (this.buffer.length >= MAX_BATCH)
            void this.flush();
    }
    start() {
        this.timer = setInterval(() => void this.flush(), FLUSH_MS);
        this.timer.unref();
    }
    /** Writes what is buffered now; events of an app deleted meanwhile are dropped with it. */
    flush() {
        this.flushing = this.flushing.then(async () => {
            if (this.buffer.length === 0)
                return;
            const batch = this.buffer;
            this.buffer = [];
            const kept = batch.filter((event) => this.apps.cachedById(event.appId));
            await this.store.insertAuditEvents(kept).catch(this.onError);
        });
        return this.flushing;
    }
    async stop() {
        if (this.timer)
            clearInterval(this.timer);
        await this.flush();
    }
}
//# sourceMappingURL=audit-log.js.map