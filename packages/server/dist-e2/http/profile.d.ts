import type { FastifyInstance } from 'fastify';
import type { Deps } from '../domain/deps.js';
/** The signed-in user: their profile, and deleting them. */
export declare function profileRoutes(server: FastifyInstance, deps: Deps): void;
