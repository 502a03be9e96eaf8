import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../domain/deps.js';
/** Apps: list, create, read, change settings, delete. */
export declare function appRoutes(scope: FastifyInstance, deps: Deps): void;
