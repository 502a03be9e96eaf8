const MAX_USER_AGENT = 256;
/** Where a request came from, for the audit log: its address (behind a trusted proxy, the client's) and user agent. */
export function originOf(request, actor) {
    const userAgent = request.headers['user-agent'];
    return { actor, ip: request.ip || null, userAgent: typeof userAgent === 'string' ? userAgent.slice(0, MAX_USER_AGENT) : null };
}
export const adminOrigin = (request) => originOf(request, { kind: 'admin' });
export const anonymousOrigin = (request) => originOf(request, { kind: 'anonymous' });
export const sessionOrigin = (request, session) => originOf(request, { kind: 'user', userId: session.userId });
//# sourceMappingURL=origin.js.map