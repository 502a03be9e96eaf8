import type { FastifyInstance } from 'fastify';
import type { Deps } from '../domain/deps.js';
/** Where the app is served: the clients send every later request to `hostname`. */
export declare function locationRoute(server: FastifyInstance, deps: Deps, publicUrl: () => string): void;
