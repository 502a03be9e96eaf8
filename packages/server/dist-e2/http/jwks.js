/** The public signing keys, so any backend can verify Latchkey access tokens on its own. */
export function jwksRoutes(app, jwks) {
    const handler = async (_request, reply) => reply.header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*').type('application/json').send(jwks());
    const schema = { summary: 'Public keys that verify access tokens (JWKS)', tags: ['client'] };
    app.get('/.well-known/jwks.json', { schema }, handler);
    app.get('/api/client/v2.0/app/:appId/.well-known/jwks.json', { schema }, handler);
}
//# sourceMappingURL=jwks.js.map