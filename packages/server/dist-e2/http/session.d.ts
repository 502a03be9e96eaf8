import type { FastifyInstance } from 'fastify';
import type { Deps } from '../domain/deps.js';
/** The session behind a refresh token: a new access token, or logging out. */
export declare function sessionRoutes(server: FastifyInstance, deps: Deps): void;
