import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { AccessClaims } from '../crypto/access-tokens.js';
import type { Deps } from '../domain/deps.js';
import { type AccessContext } from '../domain/session-tokens.js';
import type { Session } from '../domain/sessions.js';
export interface RequestAuth {
    session: Session;
    claims: AccessClaims | null;
}
declare module 'fastify' {
    interface FastifyRequest {
        auth: RequestAuth | null;
    }
}
export declare function decorateAuth(app: FastifyInstance): void;
/** The authenticated session of a request that passed one of the hooks below. */
export declare function authOf(request: FastifyRequest): RequestAuth;
export declare function requireAccessToken(deps: Deps): preHandlerAsyncHookHandler;
/** Refresh tokens authenticate session refresh, logout and all user API key management. */
export declare function requireRefreshToken(deps: Deps): preHandlerAsyncHookHandler;
/** For `?link=true` logins, where an access token is required rather than optional. */
export declare function authenticateLinkingUser(deps: Deps, request: FastifyRequest): Promise<AccessContext>;
