import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { CLIENT_APP_ID_PATTERN, findAppOrFail } from '../domain/apps.js';
import { MAX_CUSTOM_DATA_BYTES, getCustomUserData, setCustomUserData } from '../domain/custom-data.js';
import type { Deps } from '../domain/deps.js';
import { ErrorResponses, ObjectId, describeRoute, noContent } from './schemas.js';

const TAG = 'admin';
const AUTH = 'adminToken';
const UserParams = Type.Object({ appId: Type.String({ pattern: CLIENT_APP_ID_PATTERN }), userId: ObjectId });
const CustomData = Type.Object({}, {
  additionalProperties: true,
  description: `A JSON object of at most ${MAX_CUSTOM_DATA_BYTES} bytes, no key starting with "$", nested at most 64 deep`,
});

/** Admin routes about one user of an app (registered inside the admin scope, behind its token). */
export function adminUserRoutes(scope: FastifyInstance, deps: Deps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/apps/:appId/users/:userId/custom_data', {
    schema: { ...describeRoute(TAG, "A user's custom data", AUTH), params: UserParams, response: { 200: CustomData, ...ErrorResponses } },
  }, async (request) => getCustomUserData(deps, await findAppOrFail(deps, request.params.appId), request.params.userId));

  app.put('/apps/:appId/users/:userId/custom_data', {
    // Pretty-printed JSON of an allowed document may be several times its compact size.
    bodyLimit: 4 * MAX_CUSTOM_DATA_BYTES,
    schema: {
      ...describeRoute(TAG, "Replace a user's custom data: carried as user_data in every access token minted afterwards", AUTH),
      params: UserParams, body: CustomData, response: ErrorResponses,
    },
  }, async (request, reply) => {
    await setCustomUserData(deps, await findAppOrFail(deps, request.params.appId), request.params.userId, request.body);
    return noContent(reply);
  });
}
