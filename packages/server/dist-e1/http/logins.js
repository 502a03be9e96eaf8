import Type, {} from 'typebox';
import { findAppOrFail } from '../domain/app-management.js';
import { LatchkeyError } from '../domain/errors.js';
import { PASSWORD_LENGTH } from '../domain/credentials.js';
import { linkPasswordIdentity } from '../domain/linking.js';
import { logInAnonymously, logInWithApiKey, logInWithPassword } from '../domain/logins.js';
import { authenticateLinkingUser } from './authenticate.js';
import { anonymousOrigin, sessionOrigin } from './origin.js';
import { rateLimitPerMinute } from './rate-limit.js';
import { ClientAppId, AppIdParams, ErrorResponses, describeRoute } from './schemas.js';
import { LoginAnswer, toLoginAnswer } from './wire.js';
const PROVIDERS = '/api/client/v2.0/app/:appId/auth/providers';
const Device = Type.Optional(Type.Object({ device: Type.Optional(Type.Object({}, { additionalProperties: true })) }));
/** Credentials with what the clients add: `provider` (realm-core) and `options.device`. */
const Credential = (properties) => Type.Object({ ...properties, options: Device }, { additionalProperties: true });
const LinkQuery = Type.Object({ link: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])) });
const login = { params: AppIdParams, querystring: LinkQuery, response: { 200: LoginAnswer, ...ErrorResponses } };
/** Token-bearing answers must never sit in a shared cache. */
const noStore = (reply) => reply.header('cache-control', 'no-store');
const deviceOf = (body) => typeof body === 'object' && body !== null ? body.options?.device : undefined;
/** The three login providers (`?link=true` links an email identity instead), and a coded refusal for any other. */
export function loginRoutes(server, deps, limits) {
    const app = server.withTypeProvider();
    app.post(`${PROVIDERS}/local-userpass/login`, {
        config: rateLimitPerMinute(limits.passwordRateLimit),
        schema: {
            ...describeRoute('client', 'Log in with email and password; with ?link=true and an access token, link the identity to that user'),
            ...login,
            body: Credential({ username: Type.String({ maxLength: 254 }), password: Type.String({ maxLength: PASSWORD_LENGTH.maximum }) }),
        },
    }, async (request, reply) => {
        noStore(reply);
        const { username, password } = request.body;
        const target = await findAppOrFail(deps, request.params.appId);
        if (request.query.link === 'true') {
            const access = await authenticateLinkingUser(deps, request);
            return toLoginAnswer(await linkPasswordIdentity(deps, target, access, username, password, sessionOrigin(request, access.session)));
        }
        return toLoginAnswer(await logInWithPassword(deps, target, username, password, anonymousOrigin(request), deviceOf(request.body)));
    });
    app.post(`${PROVIDERS}/anon-user/login`, {
        // Every anonymous login makes a user: limited per IP like password logins.
        config: rateLimitPerMinute(limits.anonymousRateLimit),
        // No body schema: an anonymous login may come with no body at all.
        schema: { ...describeRoute('client', 'Log in as a new anonymous user'), ...login },
    }, async (request, reply) => {
        noStore(reply);
        if (request.query.link === 'true')
            throw new LatchkeyError('InvalidParameter', 'an anonymous identity cannot be linked to an existing user');
        return toLoginAnswer(await logInAnonymously(deps, await findAppOrFail(deps, request.params.appId), anonymousOrigin(request), deviceOf(request.body)));
    });
    app.post(`${PROVIDERS}/api-key/login`, {
        schema: {
            ...describeRoute('client', 'Log in with a user API key or a server API key'),
            ...login,
            body: Credential({ key: Type.String({ maxLength: 256 }) }),
        },
    }, async (request, reply) => {
        noStore(reply);
        if (request.query.link === 'true')
            throw new LatchkeyError('InvalidParameter', 'an API key cannot be linked to an existing user');
        return toLoginAnswer(await logInWithApiKey(deps, await findAppOrFail(deps, request.params.appId), request.body.key, anonymousOrigin(request), deviceOf(request.body)));
    });
    app.post(`${PROVIDERS}/:provider/login`, {
        schema: {
            ...describeRoute('client', 'Any other provider: not supported'),
            params: Type.Object({ appId: ClientAppId, provider: Type.String({ maxLength: 64 }) }),
            response: ErrorResponses,
        },
    }, async (request) => {
        await findAppOrFail(deps, request.params.appId);
        throw new LatchkeyError('AuthProviderNotFound', 'that authentication provider is not supported by Latchkey');
    });
}
//# sourceMappingURL=logins.js.map