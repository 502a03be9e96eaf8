import type { FastifyInstance, FastifyRequest } from 'fastify';

/** What the HTTP layer asks of tracing (OpenTelemetry when configured; see metrics/otel-tracing.ts). */
export interface RequestTracing {
  /**
   * Opens a server span for a request and calls `next` with it active, so the work the request
   * causes (store calls) nests under it. Returns what ends the span.
   */
  startRequest(method: string, route: string, next: () => void): (status: number) => void;
}

/** One span per request, named by its route (`POST /api/client/v2.0/app/:appId/auth/providers/:provider/login`), never its URL. */
export function installRequestTracing(app: FastifyInstance, tracing: RequestTracing): void {
  const open = new WeakMap<FastifyRequest, (status: number) => void>();
  app.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched route';
    open.set(request, tracing.startRequest(request.method, route, done));
  });
  app.addHook('onResponse', async (request, reply) => {
    open.get(request)?.(reply.statusCode);
    open.delete(request);
  });
}
