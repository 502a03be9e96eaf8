import type { FastifyInstance } from 'fastify';
/** The public signing keys, so any backend can verify Latchkey access tokens on its own. */
export declare function jwksRoutes(app: FastifyInstance, jwks: () => string): void;
