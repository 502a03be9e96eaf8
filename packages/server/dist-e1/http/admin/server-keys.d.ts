import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../domain/deps.js';
/** An app's server API keys: each logs in as its own `server` user. */
export declare function serverKeyRoutes(scope: FastifyInstance, deps: Deps): void;
