import { ClientAppId, ObjectId, ApiKey } from '@latchkey/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { targetAppOf } from '../target-app.js';
import Type from 'typebox';
import type { Deps } from '../../domain/deps.js';
import { deleteApiKey, getApiKey, listApiKeys, setApiKeyDisabled } from '../../domain/key-management.js';
import { keysOfUser } from '../../domain/operator-users.js';
import { adminOrigin } from '../origin.js';
import { ErrorResponses, describeRoute, noContent } from '../schemas.js';
import { toPublicApiKey } from '../wire.js';

const TAG = 'admin';
const AUTH = 'adminToken';
const UserParams = Type.Object({ appId: ClientAppId, userId: ObjectId });
const KeyParams = Type.Object({ appId: ClientAppId, userId: ObjectId, keyId: ObjectId });
const KEYS = '/apps/:appId/users/:userId/api_keys';

/** A user's API keys, reached by the operator without the user: list (no secrets), disable, enable, delete. */
export function userKeyRoutes(scope: FastifyInstance, deps: Deps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const ownerOf = async (request: FastifyRequest, userId: string) => {
    const target = targetAppOf(request);
    return { target, owner: await keysOfUser(deps, target, userId) };
  };

  app.get(
    KEYS,
    {
      schema: {
        ...describeRoute(TAG, "A user's API keys (never a secret or a hash)", AUTH),
        params: UserParams,
        response: { 200: Type.Array(ApiKey), ...ErrorResponses },
      },
    },
    async (request) => (await listApiKeys(deps, (await ownerOf(request, request.params.userId)).owner)).map(toPublicApiKey),
  );

  app.get(
    `${KEYS}/:keyId`,
    {
      schema: {
        ...describeRoute(TAG, "One of a user's API keys", AUTH),
        params: KeyParams,
        response: { 200: ApiKey, ...ErrorResponses },
      },
    },
    async (request) => toPublicApiKey(await getApiKey(deps, (await ownerOf(request, request.params.userId)).owner, request.params.keyId)),
  );

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.put(
      `${KEYS}/:keyId/${action}`,
      {
        schema: {
          ...describeRoute(TAG, disabled ? "Disable a user's key (the sessions it opened end)" : "Enable a user's key", AUTH),
          params: KeyParams,
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const { target, owner } = await ownerOf(request, request.params.userId);
        await setApiKeyDisabled(deps, target.id, owner, request.params.keyId, disabled, adminOrigin(request));
        return noContent(reply);
      },
    );
  }

  app.delete(
    `${KEYS}/:keyId`,
    {
      schema: {
        ...describeRoute(TAG, "Delete a user's key (the sessions it opened end)", AUTH),
        params: KeyParams,
        response: ErrorResponses,
      },
    },
    async (request, reply) => {
      const { target, owner } = await ownerOf(request, request.params.userId);
      await deleteApiKey(deps, target.id, owner, request.params.keyId, adminOrigin(request));
      return noContent(reply);
    },
  );
}
