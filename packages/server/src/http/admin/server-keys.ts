import { ApiKey, AppIdParams, ClientAppId, CreatedApiKey, NewServerApiKey, ObjectId } from '@latchkey/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { serverKeysOf } from '../../model/api-keys.js';
import type { Deps } from '../../domain/deps.js';
import { createServerApiKey, deleteApiKey, getApiKey, listApiKeys, setApiKeyDisabled } from '../../domain/key-management.js';
import { adminOrigin } from '../origin.js';
import { ErrorResponses, describeRoute, noContent } from '../schemas.js';
import { toCreatedApiKey, toPublicApiKey } from '../wire.js';
import { targetAppOf } from '../target-app.js';

const TAG = 'admin';
const AUTH = 'adminToken';
const KeyParams = Type.Object({ appId: ClientAppId, keyId: ObjectId });

/** An app's server API keys: each logs in as its own `server` user. */
export function serverKeyRoutes(scope: FastifyInstance, deps: Deps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/apps/:appId/api_keys',
    {
      schema: {
        ...describeRoute(TAG, 'Create a server API key: the secret is in this answer and never again', AUTH),
        params: AppIdParams,
        body: NewServerApiKey,
        response: { 201: CreatedApiKey, ...ErrorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(toCreatedApiKey(await createServerApiKey(deps, targetAppOf(request), request.body.name, adminOrigin(request)))),
  );

  app.get(
    '/apps/:appId/api_keys',
    {
      schema: {
        ...describeRoute(TAG, "List an app's server API keys", AUTH),
        params: AppIdParams,
        response: { 200: Type.Array(ApiKey), ...ErrorResponses },
      },
    },
    async (request) => (await listApiKeys(deps, serverKeysOf(targetAppOf(request)))).map(toPublicApiKey),
  );

  app.get(
    '/apps/:appId/api_keys/:keyId',
    {
      schema: { ...describeRoute(TAG, 'One server API key', AUTH), params: KeyParams, response: { 200: ApiKey, ...ErrorResponses } },
    },
    async (request) => toPublicApiKey(await getApiKey(deps, serverKeysOf(targetAppOf(request)), request.params.keyId)),
  );

  for (const [action, disabled] of [
    ['enable', false],
    ['disable', true],
  ] as const) {
    app.put(
      `/apps/:appId/api_keys/:keyId/${action}`,
      {
        schema: {
          ...describeRoute(TAG, `${disabled ? 'Disable' : 'Enable'} a server API key`, AUTH),
          params: KeyParams,
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const target = targetAppOf(request);
        await setApiKeyDisabled(deps, target.id, serverKeysOf(target), request.params.keyId, disabled, adminOrigin(request));
        return noContent(reply);
      },
    );
  }

  app.delete(
    '/apps/:appId/api_keys/:keyId',
    {
      schema: { ...describeRoute(TAG, 'Delete a server API key and its server user', AUTH), params: KeyParams, response: ErrorResponses },
    },
    async (request, reply) => {
      const target = targetAppOf(request);
      await deleteApiKey(deps, target.id, serverKeysOf(target), request.params.keyId, adminOrigin(request));
      return noContent(reply);
    },
  );
}
