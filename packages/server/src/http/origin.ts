import type { FastifyRequest } from 'fastify';
import type { Actor, Origin } from '../model/audit-events.js';
import type { Session } from '../model/sessions.js';

const MAX_USER_AGENT = 256;

/** Where a request came from, for the audit log: its address (behind a trusted proxy, the client's) and user agent. */
export function originOf(request: FastifyRequest, actor: Actor): Origin {
  const userAgent = request.headers['user-agent'];
  return { actor, ip: request.ip || null, userAgent: typeof userAgent === 'string' ? userAgent.slice(0, MAX_USER_AGENT) : null };
}

export const adminOrigin = (request: FastifyRequest): Origin => originOf(request, { kind: 'admin' });
export const anonymousOrigin = (request: FastifyRequest): Origin => originOf(request, { kind: 'anonymous' });
export const sessionOrigin = (request: FastifyRequest, session: Session): Origin =>
  originOf(request, { kind: 'user', userId: session.userId });
