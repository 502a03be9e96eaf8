import type { FastifyInstance, onResponseHookHandler } from 'fastify';
import type { AdminGuard } from './admin-guard.js';
import { ErrorResponses, describeRoute } from './schemas.js';

/** What the HTTP layer needs of the metrics: a recorder per route, and the exposition. */
export interface HttpMetrics {
  /** The recorder of one route's answers (`route` is its pattern), made once per route. */
  httpRoute(method: string, route: string): (status: number, seconds: number) => void;
  exposition(): Promise<{ contentType: string; body: string }>;
  /** A wrong admin token was presented (admin API or /metrics). */
  adminTokenRefused(): void;
}

/**
 * Counts every answer by its route *pattern* (`/api/client/v2.0/app/:appId/…`; requests that
 * match no route are `unmatched`), so a scan of random URLs cannot grow the label set. Each
 * route gets its own recorder when it is declared, so nothing is looked up per request.
 */
export function installRequestMetrics(app: FastifyInstance, metrics: HttpMetrics): void {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const recorders = new Map(methods.map((method) => [method, metrics.httpRoute(method, route.url)]));
    // A callback hook, not an async one: no promise per request for a few additions.
    const record: onResponseHookHandler = (request, reply, done) => {
      recorders.get(request.method)?.(reply.statusCode, reply.elapsedTime / 1000);
      done();
    };
    route.onResponse = [...(route.onResponse === undefined ? [] : [route.onResponse].flat()), record];
  });
  const unmatched = new Map<string, (status: number, seconds: number) => void>();
  app.addHook('onResponse', (request, reply, done) => {
    if (request.is404) {
      let record = unmatched.get(request.method);
      if (!record) unmatched.set(request.method, (record = metrics.httpRoute(request.method, 'unmatched')));
      record(reply.statusCode, reply.elapsedTime / 1000);
    }
    done();
  });
}

/** GET /metrics in the Prometheus text format: behind the admin token unless made public. */
export function metricsRoute(app: FastifyInstance, metrics: HttpMetrics, access: { public: boolean; guard: AdminGuard }): void {
  app.get(
    '/metrics',
    {
      ...(access.public ? {} : { onRequest: access.guard.hook }),
      schema: {
        ...describeRoute(
          'operations',
          'Prometheus metrics (text exposition format): HTTP, logins, key operations, sessions, store latency, caches, change feed, mail queue, process',
          access.public ? undefined : 'adminToken',
        ),
        response: {
          200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } },
          ...ErrorResponses,
        },
      },
    },
    async (_request, reply) => {
      const { contentType, body } = await metrics.exposition();
      return reply.type(contentType).send(body);
    },
  );
}
