import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import {
  KEY_NAME_PATTERN, createUserApiKey, deleteApiKey, getApiKey, keysManagedBy, listApiKeys, setApiKeyDisabled, userKeys,
} from '../domain/api-keys.js';
import { appOfSession } from '../domain/apps.js';
import type { Deps } from '../domain/deps.js';
import { authOf, requireRefreshToken } from './authenticate.js';
import { ErrorResponses, ObjectId, describeRoute, noContent } from './schemas.js';

const KEYS = '/api/client/v2.0/auth/api_keys';

export const KeyName = Type.String({ pattern: KEY_NAME_PATTERN });
export const PublicKey = Type.Object({ _id: Type.String(), name: Type.String(), disabled: Type.Boolean() });
export const CreatedKey = Type.Object({ _id: Type.String(), key: Type.String(), name: Type.String(), disabled: Type.Boolean() });
const KeyParams = Type.Object({ keyId: ObjectId });
const TAG = 'user API keys';
const AUTH = 'refreshToken';

/** The signed-in user's own API keys, authenticated by their refresh token as in App Services. */
export function apiKeyRoutes(server: FastifyInstance, deps: Deps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const preHandler = requireRefreshToken(deps);

  app.post(KEYS, {
    preHandler,
    schema: { ...describeRoute(TAG, 'Create a key: the secret is in this answer and never again', AUTH), body: Type.Object({ name: KeyName }), response: { 201: CreatedKey, ...ErrorResponses } },
  }, async (request, reply) => {
    const { session } = authOf(request);
    reply.header('cache-control', 'no-store');
    return reply.code(201).send(await createUserApiKey(deps, await appOfSession(deps, session), session, request.body.name));
  });

  app.get(KEYS, {
    preHandler,
    schema: { ...describeRoute(TAG, 'List my keys (no secrets)', AUTH), response: { 200: Type.Array(PublicKey), ...ErrorResponses } },
  }, async (request) => listApiKeys(deps, userKeys(authOf(request).session)));

  app.get(`${KEYS}/:keyId`, {
    preHandler,
    schema: { ...describeRoute(TAG, 'One of my keys (no secret)', AUTH), params: KeyParams, response: { 200: PublicKey, ...ErrorResponses } },
  }, async (request) => getApiKey(deps, userKeys(authOf(request).session), request.params.keyId));

  for (const [action, disabled] of [['enable', false], ['disable', true]] as const) {
    app.put(`${KEYS}/:keyId/${action}`, {
      preHandler,
      schema: { ...describeRoute(TAG, `${action === 'enable' ? 'Enable' : 'Disable (revoking the sessions it opened)'} one of my keys`, AUTH), params: KeyParams, response: ErrorResponses },
    }, async (request, reply) => {
      await setApiKeyDisabled(deps, keysManagedBy(authOf(request).session), request.params.keyId, disabled);
      return noContent(reply);
    });
  }

  app.delete(`${KEYS}/:keyId`, {
    preHandler,
    schema: { ...describeRoute(TAG, 'Delete one of my keys (revoking the sessions it opened)', AUTH), params: KeyParams, response: ErrorResponses },
  }, async (request, reply) => {
    await deleteApiKey(deps, keysManagedBy(authOf(request).session), request.params.keyId);
    return noContent(reply);
  });
}
