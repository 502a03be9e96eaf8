import { ApiKey, CreatedApiKey, KeyIdParams, KeyRotation, NewApiKey } from '@latchkey/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { keysManagedBy, userKeysOf } from '../model/api-keys.js';
import { appOfSession } from '../domain/app-management.js';
import type { Deps } from '../domain/deps.js';
import { createUserApiKey, deleteApiKey, getApiKey, listApiKeys, rotateApiKey, setApiKeyDisabled } from '../domain/key-management.js';
import { authOf, requireRefreshToken } from './authenticate.js';
import { sessionOrigin } from './origin.js';
import { ErrorResponses, describeRoute, noContent } from './schemas.js';
import { toCreatedApiKey, toPublicApiKey } from './wire.js';

const KEYS = '/api/client/v2.0/auth/api_keys';
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
        body: NewApiKey,
        response: { 201: CreatedApiKey, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { session } = authOf(request);
      const { name, expires_at, scopes } = request.body;
      const options = { name, expiresAt: expires_at === undefined ? undefined : Date.parse(expires_at), scopes };
      const created = await createUserApiKey(deps, await appOfSession(deps, session), session, options, sessionOrigin(request, session));
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(toCreatedApiKey(created));
    },
  );

  app.post(
    `${KEYS}/:keyId/rotate`,
    {
      preHandler,
      schema: {
        ...describeRoute(
          TAG,
          'Rotate one of my keys: a new secret (in this answer only) for the same key; the old one logs in for grace_seconds more (0: never again, its sessions end now)',
          AUTH,
        ),
        params: KeyIdParams,
        body: KeyRotation,
        response: { 201: CreatedApiKey, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { session } = authOf(request);
      const { keyId } = request.params;
      const origin = sessionOrigin(request, session);
      const rotated = await rotateApiKey(deps, session.appId, keysManagedBy(session), keyId, request.body.grace_seconds, origin);
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(toCreatedApiKey(rotated));
    },
  );

  app.get(
    KEYS,
    {
      preHandler,
      schema: { ...describeRoute(TAG, 'List my keys (no secrets)', AUTH), response: { 200: Type.Array(ApiKey), ...ErrorResponses } },
    },
    async (request) => (await listApiKeys(deps, userKeysOf(authOf(request).session))).map(toPublicApiKey),
  );

  app.get(
    `${KEYS}/:keyId`,
    {
      preHandler,
      schema: {
        ...describeRoute(TAG, 'One of my keys (no secret)', AUTH),
        params: KeyIdParams,
        response: { 200: ApiKey, ...ErrorResponses },
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
          params: KeyIdParams,
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
        params: KeyIdParams,
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
