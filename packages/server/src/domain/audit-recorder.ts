import { type AuditEventType } from '@latchkey/protocol';
import { newObjectId } from '../crypto/ids.js';
import type { AppDirectory } from '../cache/app-directory.js';
import { actorName, type AuditEvent, type AuditSink, type Origin } from '../model/audit-events.js';
import type { Clock } from '../model/clock.js';
import type { Store } from '../store/store.js';

const FLUSH_MS = 1_000;
const MAX_BATCH = 500;
const MAX_USER_AGENT = 256;

/**
 * The audit log's writer: events are buffered and written in one transaction per second (or
 * per 500 events), so recording a login costs the login almost nothing. Every event also goes
 * to `observe` (the metrics count logins and key operations from them), whether or not the
 * app keeps an audit log (`auditRetentionDays: 0` keeps none).
 */
export class AuditRecorder implements AuditSink {
  private buffer: AuditEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly apps: AppDirectory,
    private readonly clock: Clock,
    private readonly observe: (event: AuditEvent) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  record(
    appId: string,
    type: AuditEventType,
    origin: Origin,
    subject: { userId?: string | null; keyId?: string | null; detail?: Record<string, unknown> } = {},
  ): void {
    const now = this.clock.now();
    const event: AuditEvent = {
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
    if ((this.apps.cachedById(appId)?.settings.auditRetentionDays ?? 0) === 0) return;
    this.buffer.push(event);
    if (this.buffer.length >= MAX_BATCH) void this.flush();
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  /** Writes what is buffered now; events of an app deleted meanwhile are dropped with it. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.buffer.length === 0) return;
      const batch = this.buffer;
      this.buffer = [];
      const kept = batch.filter((event) => this.apps.cachedById(event.appId));
      await this.store.insertAuditEvents(kept).catch(this.onError);
    });
    return this.flushing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }
}
