import swagger from '@fastify/swagger';
/**
 * The OpenAPI document is generated from the route schemas themselves, so it cannot drift
 * from what the server validates and serialises. Served at /openapi.json and committed as
 * docs/openapi.json (a test keeps the two equal).
 */
export async function installOpenApi(app) {
    await app.register(swagger, {
        refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
        openapi: {
            openapi: '3.1.0',
            info: {
                title: 'Latchkey',
                version: '0.1.0',
                description: 'Self-hosted authentication with user API keys, speaking the MongoDB Atlas App Services client protocol. ' +
                    'Errors are JSON `{error, error_code}`; the codes are listed on the ErrorBody schema and in docs/errors.md.',
            },
            components: {
                securitySchemes: {
                    accessToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from a login' },
                    refreshToken: {
                        type: 'http',
                        scheme: 'bearer',
                        description: 'Refresh token from a login (JWT-shaped, unsigned: the server checks its hash)',
                    },
                    adminToken: { type: 'http', scheme: 'bearer', description: 'Admin API token' },
                },
            },
        },
    });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
//# sourceMappingURL=openapi.js.map