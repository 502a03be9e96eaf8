import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../domain/deps.js';
/** The app's audit log, newest first. */
export declare function auditRoutes(scope: FastifyInstance, deps: Deps): void;
