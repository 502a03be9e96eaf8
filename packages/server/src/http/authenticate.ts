import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { AccessClaims } from '../crypto/access-tokens.js';
import type { Deps } from '../domain/deps.js';
import { authenticateAccessToken, authenticateRefreshToken, type AccessContext } from '../domain/session-tokens.js';
import type { Session } from '../model/sessions.js';
import { bearerToken } from './bearer.js';

export interface RequestAuth {
  session: Session;
  claims: AccessClaims | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
}

export function decorateAuth(app: FastifyInstance): void {
  app.decorateRequest('auth', null);
}

/** The authenticated session of a request that passed one of the hooks below. */
export function authOf(request: FastifyRequest): RequestAuth {
  if (!request.auth) throw new Error('route is missing its authentication hook');
  return request.auth;
}

export function requireAccessToken(deps: Deps): preHandlerAsyncHookHandler {
  return async (request) => {
    const { session, claims } = await authenticateAccessToken(deps, bearerToken(request));
    request.auth = { session, claims };
  };
}

/** Refresh tokens authenticate session refresh, logout and all user API key management. */
export function requireRefreshToken(deps: Deps): preHandlerAsyncHookHandler {
  return async (request) => {
    request.auth = { session: await authenticateRefreshToken(deps, bearerToken(request)), claims: null };
  };
}

/** For `?link=true` logins, where an access token is required rather than optional. */
export async function authenticateLinkingUser(deps: Deps, request: FastifyRequest): Promise<AccessContext> {
  const context = await authenticateAccessToken(deps, bearerToken(request));
  request.auth = context;
  return context;
}
