import type { FastifyInstance } from 'fastify';
import type { Deps } from '../domain/deps.js';
import type { HttpLimits } from './limits.js';
/**
 * Confirmation and password reset, with the bodies realm-web's `app.emailPasswordAuth` and
 * realm-core send: `confirm`, `confirm/send`, `confirm/call`, `reset/send`, `reset`,
 * `reset/call`. Each answers 204. The `send` routes answer alike for known and unknown
 * addresses; all are limited per client IP (and mail per address, one a minute).
 */
export declare function accountFlowRoutes(server: FastifyInstance, deps: Deps, limits: HttpLimits): void;
