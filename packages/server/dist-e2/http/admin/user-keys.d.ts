import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../domain/deps.js';
/** A user's API keys, reached by the operator without the user: list (no secrets), disable, enable, delete. */
export declare function userKeyRoutes(scope: FastifyInstance, deps: Deps): void;
