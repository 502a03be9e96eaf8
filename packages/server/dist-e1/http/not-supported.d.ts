import type { FastifyInstance } from 'fastify';
export declare function notSupportedRoutes(app: FastifyInstance): void;
