import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../domain/deps.js';
/** The keys that sign access tokens (public metadata only: never a private key), and their rotation. */
export declare function signingKeyRoutes(scope: FastifyInstance, deps: Deps): void;
