import Type from 'typebox';
/**
 * For load balancers and orchestrators: answers while the process serves HTTP, without
 * touching the database (a database outage shows as 503s on real routes, and should not get
 * every node pulled from rotation at once). It is also the benchmarks' ceiling: the cheapest
 * JSON route this Fastify instance can serve.
 */
export function healthRoute(app) {
    app.get('/health', {
        schema: {
            summary: 'Liveness: 200 while the process serves HTTP',
            tags: ['operations'],
            response: { 200: Type.Object({ status: Type.Literal('ok') }) },
        },
    }, async () => ({ status: 'ok' }));
}
//# sourceMappingURL=health.js.map