const tables = new WeakMap();
/**
 * Records every route registered on the server from here on, hidden ones (CORS preflight,
 * `/openapi.json`) and Fastify's automatic HEAD routes included: the authorization matrix
 * test walks this table, so a route added without a row there fails it.
 */
export function recordRoutes(app) {
    const table = [];
    tables.set(app, table);
    app.addHook('onRoute', (route) => {
        for (const method of [route.method].flat())
            table.push({ method, url: route.url });
    });
}
/** The routes recorded by recordRoutes, in registration order. */
export function routeTableOf(app) {
    const table = tables.get(app);
    if (!table)
        throw new Error('routes were not recorded on this server');
    return table;
}
//# sourceMappingURL=route-table.js.map