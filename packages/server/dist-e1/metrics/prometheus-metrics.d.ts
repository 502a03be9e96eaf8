import { Registry } from 'prom-client';
import type { AuditEvent } from '../domain/audit.js';
import type { CacheName, Metrics } from '../domain/metrics.js';
/** What the gauges read when scraped; counts that need a query are cached between scrapes. */
export interface MetricSources {
    /** The client app id of an app, for labels (ids of deleted apps read as `deleted`). */
    appName(appId: string): string | undefined;
    liveSessions(): Promise<number>;
    mailQueueDepth(): Promise<number>;
    changeFeedLive(): boolean;
}
/**
 * Latchkey's Prometheus metrics, in a registry of its own (several servers in one process
 * never share counters). Everything on a request's path is a counter increment or a histogram
 * observation on a child found in a Map; the gauges that need a query run only when scraped.
 */
export declare class PrometheusMetrics implements Metrics {
    readonly registry: Registry<"text/plain; version=0.0.4; charset=utf-8">;
    private sources;
    private readonly http;
    private readonly logins;
    private readonly keyOperations;
    /** Counted in plain numbers on the hot path, handed to prom-client when scraped. */
    private readonly cacheCounts;
    private readonly storeOperations;
    private readonly redisFailures;
    constructor(now?: () => number);
    private gauges;
    /** Connects the gauges to what they read; until then they read zero. */
    watch(sources: MetricSources): void;
    event(event: AuditEvent): void;
    redisFailure(): void;
    cacheLookup(cache: CacheName, hit: boolean): void;
    storeOperation(operation: string, seconds: number): void;
    httpRoute(method: string, route: string): (status: number, seconds: number) => void;
    /** The exposition (Prometheus text format) and its content type. */
    exposition(): Promise<{
        contentType: string;
        body: string;
    }>;
}
