import type { FastifyInstance } from 'fastify';
/** One route as registered: its method and URL pattern (`:param`, `*`). */
export interface RouteEntry {
    method: string;
    url: string;
}
/**
 * Records every route registered on the server from here on, hidden ones (CORS preflight,
 * `/openapi.json`) and Fastify's automatic HEAD routes included: the authorization matrix
 * test walks this table, so a route added without a row there fails it.
 */
export declare function recordRoutes(app: FastifyInstance): void;
/** The routes recorded by recordRoutes, in registration order. */
export declare function routeTableOf(app: FastifyInstance): readonly RouteEntry[];
