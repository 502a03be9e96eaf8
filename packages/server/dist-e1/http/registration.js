import Type from 'typebox';
import { findAppOrFail } from '../domain/app-management.js';
import { PASSWORD_LENGTH } from '../domain/credentials.js';
import { registerWithPassword } from '../domain/registration.js';
import { anonymousOrigin } from './origin.js';
import { rateLimitPerMinute } from './rate-limit.js';
import { AppIdParams, ErrorResponses, describeRoute } from './schemas.js';
const Registration = Type.Object({ email: Type.String({ maxLength: 254 }), password: Type.String({ maxLength: PASSWORD_LENGTH.maximum }) });
/** Email/password registration. */
export function registrationRoutes(server, deps, limits) {
    server.withTypeProvider().post('/api/client/v2.0/app/:appId/auth/providers/local-userpass/register', {
        config: rateLimitPerMinute(limits.passwordRateLimit),
        schema: {
            ...describeRoute('client', 'Register an email/password user (confirmed at once, unless the app confirms by email or webhook)'),
            params: AppIdParams,
            body: Registration,
            response: { 201: Type.Null(), ...ErrorResponses },
        },
    }, async (request, reply) => {
        await registerWithPassword(deps, await findAppOrFail(deps, request.params.appId), request.body.email, request.body.password, anonymousOrigin(request));
        return reply.code(201).send(null);
    });
}
//# sourceMappingURL=registration.js.map