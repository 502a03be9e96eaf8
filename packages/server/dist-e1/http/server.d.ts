import { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Deps } from '../domain/deps.js';
import type { HttpLimits } from './limits.js';
import { type HttpMetrics } from './metrics.js';
import type { RateLimitRedis } from './shared-limits.js';
export interface HttpServerOptions {
    deps: Deps;
    adminTokenHash: Buffer;
    publicUrl: () => string;
    /** The process's one logger, created before the store so nothing it reports is lost. */
    logger: FastifyBaseLogger;
    /** Per-request access log lines (off by default: they cost throughput and say little). */
    logRequests: boolean;
    limits: HttpLimits;
    trustProxy: boolean | number | string;
    /** Prometheus metrics: every answer counted, and GET /metrics (absent when metrics are off). */
    metrics?: {
        http: HttpMetrics;
        public: boolean;
    } | undefined;
    /** Rate-limit counters in Redis, shared by every node (absent: per node). */
    sharedLimits?: {
        client: RateLimitRedis;
        prefix: string;
    } | undefined;
    /** The console's static build (default: packages/console/dist). */
    consoleDir?: string | undefined;
}
export declare function buildHttpServer(options: HttpServerOptions): Promise<FastifyInstance>;
