import type { FastifyInstance } from 'fastify';

/** One route as registered: its method and URL pattern (`:param`, `*`). */
export interface RouteEntry {
  method: string;
  url: string;
}

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/**
 * Records every route registered on the server from here on, hidden ones (CORS preflight,
 * `/openapi.json`) and Fastify's automatic HEAD routes included: the authorization matrix
 * test walks this table, so a route added without a row there fails it.
 */
export function recordRoutes(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  tables.set(app, table);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) table.push({ method, url: route.url });
  });
}

/** The routes recorded by recordRoutes, in registration order. */
export function routeTableOf(app: FastifyInstance): readonly RouteEntry[] {
  const table = tables.get(app);
  if (!table) throw new Error('routes were not recorded on this server');
  return table;
}
