import type { FastifyInstance } from 'fastify';
import type { Deps } from '../domain/deps.js';
import type { HttpLimits } from './limits.js';
/** Email/password registration. */
export declare function registrationRoutes(server: FastifyInstance, deps: Deps, limits: HttpLimits): void;
