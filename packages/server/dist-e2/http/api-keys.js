import Type from 'typebox';
import { KEY_NAME_PATTERN, MAX_ROTATION_GRACE_SECONDS, keysManagedBy, userKeysOf } from '../domain/api-keys.js';
import { MAX_SCOPES, SCOPE_PATTERN } from '../domain/apps.js';
import { appOfSession } from '../domain/app-management.js';
import { createUserApiKey, deleteApiKey, getApiKey, listApiKeys, rotateApiKey, setApiKeyDisabled } from '../domain/key-management.js';
import { authOf, requireRefreshToken } from './authenticate.js';
import { sessionOrigin } from './origin.js';
import { ErrorResponses, ObjectId, describeRoute, noContent } from './schemas.js';
import { CreatedApiKeyAnswer, PublicApiKey, toCreatedApiKey, toPublicApiKey } from './wire.js';
const KEYS = '/api/client/v2.0/auth/api_keys';
export const KeyName = Type.String({ pattern: KEY_NAME_PATTERN });
const KeyParams = Type.Object({ keyId: ObjectId });
/** App Services sent only the name; the rest is Latchkey's, and optional. */
const NewKey = Type.Object({
    name: KeyName,
    expires_at: Type.Optional(Type.String({ format: 'date-time', description: "When the key stops logging in (within the app's maxApiKeyLifetimeDays)" })),
    scopes: Type.Optional(Type.Array(Type.String({ pattern: SCOPE_PATTERN }), {
        maxItems: MAX_SCOPES,
        description: "A subset of the app's apiKeyScopes, carried by the key's access tokens as `scope`; omitted: unscoped",
    })),
});
export const Rotation = Type.Object({
    grace_seconds: Type.Integer({
        minimum: 0,
        maximum: MAX_ROTATION_GRACE_SECONDS,
        description: 'How long the old secret still logs in (at most 7 days); 0 ends it and its sessions now',
    }),
});
const TAG = 'user API keys';
const AUTH = 'refreshToken';
/** The signed-in user's own API keys, authenticated by their refresh token as in App Services. */
export function apiKeyRoutes(server, deps) {
    const app = server.withTypeProvider();
    const preHandler = requireRefreshToken(deps);
    app.post(KEYS, {
        preHandler,
        schema: {
            ...describeRoute(TAG, 'Create a key: the secret is in this answer and never again', AUTH),
            body: NewKey,
            response: { 201: CreatedApiKeyAnswer, ...ErrorResponses },
        },
    }, async (request, reply) => {
        const { session } = authOf(request);
        const { name, expires_at, scopes } = request.body;
        const options = { name, expiresAt: expires_at === undefined ? undefined : Date.parse(expires_at), scopes };
        const created = await createUserApiKey(deps, await appOfSession(deps, session), session, options, sessionOrigin(request, session));
        reply.header('cache-control', 'no-store');
        return reply.code(201).send(toCreatedApiKey(created));
    });
    app.post(`${KEYS}/:keyId/rotate`, {
        preHandler,
        schema: {
            ...describeRoute(TAG, 'Rotate one of my keys: a new secret (in this answer only) for the same key; the old one logs in for grace_seconds more (0: never again, its sessions end now)', AUTH),
            params: KeyParams,
            body: Rotation,
            response: { 201: CreatedApiKeyAnswer, ...ErrorResponses },
        },
    }, async (request, reply) => {
        const { session } = authOf(request);
        const { keyId } = request.params;
        const origin = sessionOrigin(request, session);
        const rotated = await rotateApiKey(deps, session.appId, keysManagedBy(session), keyId, request.body.grace_seconds, origin);
        reply.header('cache-control', 'no-store');
        return reply.code(201).send(toCreatedApiKey(rotated));
    });
    app.get(KEYS, {
        preHandler,
        schema: { ...describeRoute(TAG, 'List my keys (no secrets)', AUTH), response: { 200: Type.Array(PublicApiKey), ...ErrorResponses } },
    }, async (request) => (await listApiKeys(deps, userKeysOf(authOf(request).session))).map(toPublicApiKey));
    app.get(`${KEYS}/:keyId`, {
        preHandler,
        schema: {
            ...describeRoute(TAG, 'One of my keys (no secret)', AUTH),
            params: KeyParams,
            response: { 200: PublicApiKey, ...ErrorResponses },
        },
    }, async (request) => toPublicApiKey(await getApiKey(deps, userKeysOf(authOf(request).session), request.params.keyId)));
    for (const [action, disabled] of [
        ['enable', false],
        ['disable', true],
    ]) {
        app.put(`${KEYS}/:keyId/${action}`, {
            preHandler,
            schema: {
                ...describeRoute(TAG, `${disabled ? 'Disable (revoking the sessions it opened)' : 'Enable'} one of my keys`, AUTH),
                params: KeyParams,
                response: ErrorResponses,
            },
        }, async (request, reply) => {
            const { session } = authOf(request);
            await setApiKeyDisabled(deps, session.appId, keysManagedBy(session), request.params.keyId, disabled, sessionOrigin(request, session));
            return noContent(reply);
        });
    }
    app.delete(`${KEYS}/:keyId`, {
        preHandler,
        schema: {
            ...describeRoute(TAG, 'Delete one of my keys (revoking the sessions it opened)', AUTH),
            params: KeyParams,
            response: ErrorResponses,
        },
    }, async (request, reply) => {
        const { session } = authOf(request);
        await deleteApiKey(deps, session.appId, keysManagedBy(session), request.params.keyId, sessionOrigin(request, session));
        return noContent(reply);
    });
}
//# sourceMappingURL=api-keys.js.map