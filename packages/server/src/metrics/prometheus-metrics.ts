import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AuditEvent } from '../model/audit-events.js';
import type { CacheName, Metrics } from '../model/metrics.js';

/** What the gauges read when scraped; counts that need a query are cached between scrapes. */
export interface MetricSources {
  /** The client app id of an app, for labels (ids of deleted apps read as `deleted`). */
  appName(appId: string): string | undefined;
  liveSessions(): Promise<number>;
  mailQueueDepth(): Promise<number>;
  changeFeedLive(): boolean;
}

/** A count behind a query is re-read at most this often, however often Prometheus scrapes. */
const COUNT_REFRESH_MS = 30_000;
const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The value of `read`, refreshed at most every COUNT_REFRESH_MS. */
function cachedCount(read: () => Promise<number>, now: () => number): () => Promise<number> {
  let value = 0;
  let readAt = -Infinity;
  return async () => {
    if (now() - readAt >= COUNT_REFRESH_MS) {
      value = await read();
      readAt = now();
    }
    return value;
  };
}

/** A label set's child, looked up once: prom-client hashes the labels on every call otherwise. */
function childCache<T>(make: (...labels: string[]) => T): (...labels: string[]) => T {
  const children = new Map<string, T>();
  return (...labels) => {
    const key = labels.join('\u0000');
    let child = children.get(key);
    if (!child) children.set(key, (child = make(...labels)));
    return child;
  };
}

/**
 * Latchkey's Prometheus metrics, in a registry of its own (several servers in one process
 * never share counters). Everything on a request's path is a counter increment or a histogram
 * observation on a child found in a Map; the gauges that need a query run only when scraped.
 */
export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  private sources: MetricSources | null = null;
  private readonly http: (method: string, route: string, status: string) => { observe(seconds: number): void };
  private readonly logins: (app: string, provider: string, outcome: string) => { inc(): void };
  private readonly keyOperations: (app: string, operation: string, kind: string, by: string) => { inc(): void };
  /** Counted in plain numbers on the hot path, handed to prom-client when scraped. */
  private readonly cacheCounts: Record<CacheName, { hit: number; miss: number }> = {
    sessions: { hit: 0, miss: 0 },
    users: { hit: 0, miss: 0 },
    key_lists: { hit: 0, miss: 0 },
    verified_keys: { hit: 0, miss: 0 },
  };
  private readonly storeOperations: (operation: string) => { observe(seconds: number): void };
  private readonly redisFailures: Counter;
  private readonly adminTokenRefusals: Counter;

  constructor(now: () => number = Date.now) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    const durations = new Histogram({
      name: 'latchkey_http_request_duration_seconds',
      help: 'Time from request to response, by route pattern and status (its _count is the number of requests)',
      labelNames: ['method', 'route', 'status'],
      buckets: SECONDS,
      registers,
    });
    this.http = childCache((method, route, status) => durations.labels(method, route, status));
    const logins = new Counter({
      name: 'latchkey_logins_total',
      help: 'Login attempts, by app, provider and outcome (succeeded or failed)',
      labelNames: ['app', 'provider', 'outcome'],
      registers,
    });
    this.logins = childCache((...labels) => logins.labels(...labels));
    const keyOperations = new Counter({
      name: 'latchkey_key_operations_total',
      help: 'API key operations (created, enabled, disabled, deleted), by app, key kind (user or server) and who did it (user or admin)',
      labelNames: ['app', 'operation', 'kind', 'by'],
      registers,
    });
    this.keyOperations = childCache((...labels) => keyOperations.labels(...labels));
    const cacheCounts = this.cacheCounts;
    new Counter({
      name: 'latchkey_cache_lookups_total',
      help: 'Read-cache lookups, by cache and result (hit or miss); the hit ratio is hit / (hit + miss)',
      labelNames: ['cache', 'result'],
      registers,
      collect() {
        for (const [cache, counts] of Object.entries(cacheCounts)) {
          for (const result of ['hit', 'miss'] as const) {
            this.inc({ cache, result }, counts[result]);
            counts[result] = 0;
          }
        }
      },
    });
    const storeSeconds = new Histogram({
      name: 'latchkey_store_operation_duration_seconds',
      help: 'Time per store operation (a query or a transaction), by operation',
      labelNames: ['operation'],
      buckets: SECONDS,
      registers,
    });
    this.storeOperations = childCache((operation) => storeSeconds.labels(operation));
    this.redisFailures = new Counter({
      name: 'latchkey_redis_failures_total',
      help: 'Failed Redis commands and connection errors (shared rate limits); rate-limited routes answer 429 meanwhile',
      registers,
    });
    this.adminTokenRefusals = new Counter({
      name: 'latchkey_admin_token_refusals_total',
      help: 'Wrong admin tokens presented to the admin API or /metrics (each also logged as a warning with the address)',
      registers,
    });
    this.gauges(now, registers);
  }

  private gauges(now: () => number, registers: Registry[]): void {
    const liveSessions = cachedCount(() => this.sources?.liveSessions() ?? Promise.resolve(0), now);
    const mailQueue = cachedCount(() => this.sources?.mailQueueDepth() ?? Promise.resolve(0), now);
    const changeFeedLive = () => this.sources?.changeFeedLive() !== false;
    new Gauge({
      name: 'latchkey_active_sessions',
      help: 'Unexpired sessions in the database, all apps (re-counted at most every 30 s)',
      registers,
      async collect() {
        this.set(await liveSessions());
      },
    });
    new Gauge({
      name: 'latchkey_mail_queue_depth',
      help: 'Mail waiting to be sent, given-up mail excluded (re-counted at most every 30 s)',
      registers,
      async collect() {
        this.set(await mailQueue());
      },
    });
    new Gauge({
      name: 'latchkey_change_feed_live',
      help: '1 while changes from other nodes reach this one (always 1 on SQLite); 0 while its caches are bypassed',
      registers,
      collect() {
        this.set(changeFeedLive() ? 1 : 0);
      },
    });
  }

  /** Connects the gauges to what they read; until then they read zero. */
  watch(sources: MetricSources): void {
    this.sources = sources;
  }

  event(event: AuditEvent): void {
    const app = this.sources?.appName(event.appId) ?? 'deleted';
    const provider = typeof event.detail['provider'] === 'string' ? event.detail['provider'] : 'unknown';
    if (event.type === 'login.succeeded') this.logins(app, provider, 'succeeded').inc();
    else if (event.type === 'login.failed') this.logins(app, provider, 'failed').inc();
    else if (event.type.startsWith('key.')) {
      const kind = typeof event.detail['kind'] === 'string' ? event.detail['kind'] : 'user';
      this.keyOperations(app, event.type.slice('key.'.length), kind, event.actor === 'admin' ? 'admin' : 'user').inc();
    }
  }

  adminTokenRefused(): void {
    this.adminTokenRefusals.inc();
  }

  redisFailure(): void {
    this.redisFailures.inc();
  }

  cacheLookup(cache: CacheName, hit: boolean): void {
    this.cacheCounts[cache][hit ? 'hit' : 'miss']++;
  }

  storeOperation(operation: string, seconds: number): void {
    this.storeOperations(operation).observe(seconds);
  }

  httpRoute(method: string, route: string): (status: number, seconds: number) => void {
    const byStatus = new Map<number, { observe(seconds: number): void }>();
    return (status, seconds) => {
      let child = byStatus.get(status);
      if (!child) byStatus.set(status, (child = this.http(method, route, String(status))));
      child.observe(seconds);
    };
  }

  /** The exposition (Prometheus text format) and its content type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
