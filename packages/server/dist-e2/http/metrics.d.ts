import type { FastifyInstance } from 'fastify';
/** What the HTTP layer needs of the metrics: a recorder per route, and the exposition. */
export interface HttpMetrics {
    /** The recorder of one route's answers (`route` is its pattern), made once per route. */
    httpRoute(method: string, route: string): (status: number, seconds: number) => void;
    exposition(): Promise<{
        contentType: string;
        body: string;
    }>;
}
/**
 * Counts every answer by its route *pattern* (`/api/client/v2.0/app/:appId/…`; requests that
 * match no route are `unmatched`), so a scan of random URLs cannot grow the label set. Each
 * route gets its own recorder when it is declared, so nothing is looked up per request.
 */
export declare function installRequestMetrics(app: FastifyInstance, metrics: HttpMetrics): void;
/** GET /metrics in the Prometheus text format: behind the admin token unless made public. */
export declare function metricsRoute(app: FastifyInstance, metrics: HttpMetrics, access: {
    public: boolean;
    adminTokenHash: Buffer;
}): void;
