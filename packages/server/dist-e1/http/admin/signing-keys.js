import Type from 'typebox';
import { ErrorResponses, describeRoute } from '../schemas.js';
import { isoOrNull } from '../wire.js';
const SigningKeyAnswer = Type.Object({
    kid: Type.String(),
    created_at: Type.String({ format: 'date-time' }),
    retired_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
        description: 'When a newer key took over; it verifies until every token it signed has expired (at most a day), then leaves the JWKS',
    }),
    signing: Type.Boolean(),
});
const toAnswer = (key, index) => ({
    kid: key.kid,
    created_at: new Date(key.createdAt ?? 0).toISOString(),
    retired_at: isoOrNull(key.retiredAt ?? null),
    signing: index === 0,
});
/** The keys that sign access tokens (public metadata only: never a private key), and their rotation. */
export function signingKeyRoutes(scope, deps) {
    const app = scope.withTypeProvider();
    app.get('/signing_keys', {
        schema: {
            ...describeRoute('admin', 'The token-signing keys, the signing one first (ids and dates; the public keys are in the JWKS)', 'adminToken'),
            response: { 200: Type.Array(SigningKeyAnswer), ...ErrorResponses },
        },
    }, async () => deps.signingKeys.list().map(toAnswer));
    app.post('/signing_keys/rotate', {
        schema: {
            ...describeRoute('admin', 'A new signing key, used from now on by every node; the previous ones keep verifying the tokens they signed until those expire', 'adminToken'),
            response: { 200: Type.Array(SigningKeyAnswer), ...ErrorResponses },
        },
    }, async (request) => {
        const key = await deps.signingKeys.rotate();
        request.log.warn({ kid: key.kid }, 'signing key rotated');
        return deps.signingKeys.list().map(toAnswer);
    });
}
//# sourceMappingURL=signing-keys.js.map