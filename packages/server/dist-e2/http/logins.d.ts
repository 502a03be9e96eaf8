import type { FastifyInstance } from 'fastify';
import type { Deps } from '../domain/deps.js';
import type { HttpLimits } from './limits.js';
/** The three login providers (`?link=true` links an email identity instead), and a coded refusal for any other. */
export declare function loginRoutes(server: FastifyInstance, deps: Deps, limits: HttpLimits): void;
