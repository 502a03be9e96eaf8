import { authenticateAccessToken, authenticateRefreshToken } from '../domain/session-tokens.js';
import { bearerToken } from './bearer.js';
export function decorateAuth(app) {
    app.decorateRequest('auth', null);
}
/** The authenticated session of a request that passed one of the hooks below. */
export function authOf(request) {
    if (!request.auth)
        throw new Error('route is missing its authentication hook');
    return request.auth;
}
export function requireAccessToken(deps) {
    return async (request) => {
        const { session, claims } = await authenticateAccessToken(deps, bearerToken(request));
        request.auth = { session, claims };
    };
}
/** Refresh tokens authenticate session refresh, logout and all user API key management. */
export function requireRefreshToken(deps) {
    return async (request) => {
        request.auth = { session: await authenticateRefreshToken(deps, bearerToken(request)), claims: null };
    };
}
/** For `?link=true` logins, where an access token is required rather than optional. */
export async function authenticateLinkingUser(deps, request) {
    const context = await authenticateAccessToken(deps, bearerToken(request));
    request.auth = context;
    return context;
}
//# sourceMappingURL=authenticate.js.map