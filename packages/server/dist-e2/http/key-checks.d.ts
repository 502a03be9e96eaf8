import type { FastifyInstance } from 'fastify';
import type { Deps } from '../domain/deps.js';
import type { HttpLimits } from './limits.js';
/**
 * Keys checked by value: revoked by whoever finds one leaked (no authentication), and verified
 * by an app's backend that accepts Latchkey keys directly (a server key's session).
 */
export declare function keyCheckRoutes(server: FastifyInstance, deps: Deps, limits: HttpLimits): void;
