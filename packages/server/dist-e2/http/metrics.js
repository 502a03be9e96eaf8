import { requireAdminToken } from './admin/index.js';
import { ErrorResponses, describeRoute } from './schemas.js';
/**
 * Counts every answer by its route *pattern* (`/api/client/v2.0/app/:appId/…`; requests that
 * match no route are `unmatched`), so a scan of random URLs cannot grow the label set. Each
 * route gets its own recorder when it is declared, so nothing is looked up per request.
 */
export function installRequestMetrics(app, metrics) {
    app.addHook('onRoute', (route) => {
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        const recorders = new Map(methods.map((method) => [method, metrics.httpRoute(method, route.url)]));
        // A callback hook, not an async one: no promise per request for a few additions.
        const record = (request, reply, done) => {
            recorders.get(request.method)?.(reply.statusCode, reply.elapsedTime / 1000);
            done();
        };
        route.onResponse = [...(route.onResponse === undefined ? [] : [route.onResponse].flat()), record];
    });
    const unmatched = new Map();
    app.addHook('onResponse', (request, reply, done) => {
        if (request.is404) {
            let record = unmatched.get(request.method);
            if (!record)
                unmatched.set(request.method, (record = metrics.httpRoute(request.method, 'unmatched')));
            record(reply.statusCode, reply.elapsedTime / 1000);
        }
        done();
    });
}
/** GET /metrics in the Prometheus text format: behind the admin token unless made public. */
export function metricsRoute(app, metrics, access) {
    app.get('/metrics', {
        ...(access.public ? {} : { preHandler: requireAdminToken(access.adminTokenHash) }),
        schema: {
            ...describeRoute('operations', 'Prometheus metrics (text exposition format): HTTP, logins, key operations, sessions, store latency, caches, change feed, mail queue, process', access.public ? undefined : 'adminToken'),
            response: {
                200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } },
                ...ErrorResponses,
            },
        },
    }, async (_request, reply) => {
        const { contentType, body } = await metrics.exposition();
        return reply.type(contentType).send(body);
    });
}
//# sourceMappingURL=metrics.js.map