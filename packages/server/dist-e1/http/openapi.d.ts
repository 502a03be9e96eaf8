import type { FastifyInstance } from 'fastify';
/**
 * The OpenAPI document is generated from the route schemas themselves, so it cannot drift
 * from what the server validates and serialises. Served at /openapi.json and committed as
 * docs/openapi.json (a test keeps the two equal).
 */
export declare function installOpenApi(app: FastifyInstance): Promise<void>;
