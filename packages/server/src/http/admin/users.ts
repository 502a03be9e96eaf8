import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { findAppOrFail } from '../../domain/app-management.js';
import { MAX_CUSTOM_DATA_BYTES, MAX_CUSTOM_DATA_DEPTH } from '../../domain/custom-data.js';
import type { Deps } from '../../domain/deps.js';
import { getCustomUserData, setCustomUserData } from '../../domain/user-accounts.js';
import { ClientAppId, ErrorResponses, ObjectId, describeRoute, noContent } from '../schemas.js';

const TAG = 'admin';
const AUTH = 'adminToken';
const UserParams = Type.Object({ appId: ClientAppId, userId: ObjectId });
const CustomData = Type.Object(
  {},
  {
    additionalProperties: true,
    description: `A JSON object of at most ${MAX_CUSTOM_DATA_BYTES} bytes, no key starting with "$", nested at most ${MAX_CUSTOM_DATA_DEPTH} deep`,
  },
);

/** One user of an app: their custom data. */
export function userRoutes(scope: FastifyInstance, deps: Deps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/apps/:appId/users/:userId/custom_data',
    {
      schema: { ...describeRoute(TAG, "A user's custom data", AUTH), params: UserParams, response: { 200: CustomData, ...ErrorResponses } },
    },
    async (request) => getCustomUserData(deps, await findAppOrFail(deps, request.params.appId), request.params.userId),
  );

  app.put(
    '/apps/:appId/users/:userId/custom_data',
    {
      // Pretty-printed JSON of an allowed document may be several times its compact size.
      bodyLimit: 4 * MAX_CUSTOM_DATA_BYTES,
      schema: {
        ...describeRoute(TAG, "Replace a user's custom data: carried as user_data in every access token minted afterwards", AUTH),
        params: UserParams,
        body: CustomData,
        response: ErrorResponses,
      },
    },
    async (request, reply) => {
      await setCustomUserData(deps, await findAppOrFail(deps, request.params.appId), request.params.userId, request.body);
      return noContent(reply);
    },
  );
}
