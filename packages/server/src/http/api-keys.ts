import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { KEY_NAME_PATTERN, keysManagedBy, userKeysOf } from '../domain/api-keys.js';
import { appOfSession } from '../domain/app-management.js';
import type { Deps } from '../domain/deps.js';
import { createUserApiKey, deleteApiKey, getApiKey, listApiKeys, setApiKeyDisabled } from '../domain/key-management.js';
import { authOf, requireRefreshToken } from './authenticate.js';
import { sessionOrigin } from './origin.js';
import { ErrorResponses, ObjectId, describeRoute, noContent } from './schemas.js';
import { CreatedApiKeyAnswer, PublicApiKey, toCreatedApiKey, toPublicApiKey } from './wire.js';

const KEYS = '/api/client/v2.0/auth/api_keys';
export const KeyName = Type.String({ pattern: KEY_NAME_PATTERN });
const KeyParams = Type.Object({ keyId: ObjectId });
const TAG = 'user API keys';
const AUTH = 'refreshToken';

/** The signed-in user's own API keys, authenticated by their refresh token as in App Services. */
export function apiKeyRoutes(server: FastifyInstance, deps: Deps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const preHandler = requireRefreshToken(deps);

  app.post(
    KEYS,
    {
      preHandler,
      schema: {
        ...describeRoute(TAG, 'Create a key: the secret is in this answer and never again', AUTH),
        body: Type.Object({ name: KeyName }),
        response: { 201: CreatedApiKeyAnswer, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { session } = authOf(request);
      reply.header('cache-control', 'no-store');
      return reply
        .code(201)
        .send(
          toCreatedApiKey(
            await createUserApiKey(deps, await appOfSession(deps, session), session, request.body.name, sessionOrigin(request, session)),
          ),
        );
    },
  );

  app.get(
    KEYS,
    {
      preHandler,
      schema: { ...describeRoute(TAG, 'List my keys (no secrets)', AUTH), response: { 200: Type.Array(PublicApiKey), ...ErrorResponses } },
    },
    async (request) => (await listApiKeys(deps, userKeysOf(authOf(request).session))).map(toPublicApiKey),
  );

  app.get(
    `${KEYS}/:keyId`,
    {
      preHandler,
      schema: {
        ...describeRoute(TAG, 'One of my keys (no secret)', AUTH),
        params: KeyParams,
        response: { 200: PublicApiKey, ...ErrorResponses },
      },
    },
    async (request) => toPublicApiKey(await getApiKey(deps, userKeysOf(authOf(request).session), request.params.keyId)),
  );

  for (const [action, disabled] of [
    ['enable', false],
    ['disable', true],
  ] as const) {
    app.put(
      `${KEYS}/:keyId/${action}`,
      {
        preHandler,
        schema: {
          ...describeRoute(TAG, `${disabled ? 'Disable (revoking the sessions it opened)' : 'Enable'} one of my keys`, AUTH),
          params: KeyParams,
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const { session } = authOf(request);
        await setApiKeyDisabled(
          deps,
          session.appId,
          keysManagedBy(session),
          request.params.keyId,
          disabled,
          sessionOrigin(request, session),
        );
        return noContent(reply);
      },
    );
  }

  app.delete(
    `${KEYS}/:keyId`,
    {
      preHandler,
      schema: {
        ...describeRoute(TAG, 'Delete one of my keys (revoking the sessions it opened)', AUTH),
        params: KeyParams,
        response: ErrorResponses,
      },
    },
    async (request, reply) => {
      const { session } = authOf(request);
      await deleteApiKey(deps, session.appId, keysManagedBy(session), request.params.keyId, sessionOrigin(request, session));
      return noContent(reply);
    },
  );
}
