import type { FastifyRequest } from 'fastify';
import type { Actor, Origin } from '../domain/audit.js';
import type { Session } from '../domain/sessions.js';
/** Where a request came from, for the audit log: its address (behind a trusted proxy, the client's) and user agent. */
export declare function originOf(request: FastifyRequest, actor: Actor): Origin;
export declare const adminOrigin: (request: FastifyRequest) => Origin;
export declare const anonymousOrigin: (request: FastifyRequest) => Origin;
export declare const sessionOrigin: (request: FastifyRequest, session: Session) => Origin;
