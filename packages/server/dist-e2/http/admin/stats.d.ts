import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../domain/deps.js';
/** An app at a glance: the console's dashboard. */
export declare function statsRoutes(scope: FastifyInstance, deps: Deps): void;
