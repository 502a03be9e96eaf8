import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../domain/deps.js';
/** Registrations awaiting confirmation, the app's webhook secret, and the mail queue. */
export declare function registrationRoutes(scope: FastifyInstance, deps: Deps): void;
