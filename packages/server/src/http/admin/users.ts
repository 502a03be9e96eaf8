import {
  AdminUser,
  AppIdParams,
  ClientAppId,
  CustomUserData,
  MAX_CUSTOM_DATA_BYTES,
  NewPasswordUser,
  ObjectId,
  UserFilters,
} from '@latchkey/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Deps } from '../../domain/deps.js';
import { getCustomUserData, setCustomUserData } from '../../domain/own-account.js';
import {
  createPasswordUser,
  deleteUserByOperator,
  findUserOrFail,
  listUsers,
  logOutEverywhere,
  setUserDisabled,
} from '../../domain/operator-users.js';
import { adminOrigin } from '../origin.js';
import { ErrorResponses, describeRoute, noContent } from '../schemas.js';
import { toAdminUser } from '../wire.js';
import { targetAppOf } from '../target-app.js';

const TAG = 'admin';
const AUTH = 'adminToken';
const UserParams = Type.Object({ appId: ClientAppId, userId: ObjectId });
/** An app's users, as an operator sees them: find, create, disable, enable, log out, delete; their custom data. */
export function userRoutes(scope: FastifyInstance, deps: Deps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/apps/:appId/users',
    {
      schema: {
        ...describeRoute(TAG, "An app's users, newest first; page with `after` (the last `_id` seen)", AUTH),
        params: AppIdParams,
        querystring: UserFilters,
        response: { 200: Type.Array(AdminUser), ...ErrorResponses },
      },
    },
    async (request) => {
      const target = targetAppOf(request);
      return (await listUsers(deps, target, { ...request.query, limit: request.query.limit ?? 50 })).map(toAdminUser);
    },
  );

  app.post(
    '/apps/:appId/users',
    {
      schema: {
        ...describeRoute(TAG, 'Create a confirmed email/password user', AUTH),
        params: AppIdParams,
        body: NewPasswordUser,
        response: { 201: AdminUser, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const target = targetAppOf(request);
      const created = await createPasswordUser(deps, target, request.body.email, request.body.password, adminOrigin(request));
      return reply.code(201).send(toAdminUser(created));
    },
  );

  app.get(
    '/apps/:appId/users/:userId',
    { schema: { ...describeRoute(TAG, 'One user', AUTH), params: UserParams, response: { 200: AdminUser, ...ErrorResponses } } },
    async (request) => toAdminUser(await findUserOrFail(deps, targetAppOf(request), request.params.userId)),
  );

  app.delete(
    '/apps/:appId/users/:userId',
    {
      schema: {
        ...describeRoute(TAG, 'Delete a user with their identities, keys and sessions', AUTH),
        params: UserParams,
        response: ErrorResponses,
      },
    },
    async (request, reply) => {
      await deleteUserByOperator(deps, targetAppOf(request), request.params.userId, adminOrigin(request));
      return noContent(reply);
    },
  );

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.put(
      `/apps/:appId/users/:userId/${action}`,
      {
        schema: {
          ...describeRoute(
            TAG,
            disabled
              ? 'Disable a user: every login (API keys included) is refused with UserDisabled, and every session ends at once'
              : 'Enable a user: logins work again (ended sessions stay ended)',
            AUTH,
          ),
          params: UserParams,
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const target = targetAppOf(request);
        await setUserDisabled(deps, target, request.params.userId, disabled, adminOrigin(request));
        return noContent(reply);
      },
    );
  }

  app.put(
    '/apps/:appId/users/:userId/logout',
    {
      schema: {
        ...describeRoute(TAG, 'End every session of a user (their refresh and access tokens stop working); they can log in again', AUTH),
        params: UserParams,
        response: ErrorResponses,
      },
    },
    async (request, reply) => {
      await logOutEverywhere(deps, targetAppOf(request), request.params.userId, adminOrigin(request));
      return noContent(reply);
    },
  );

  app.get(
    '/apps/:appId/users/:userId/custom_data',
    {
      schema: {
        ...describeRoute(TAG, "A user's custom data", AUTH),
        params: UserParams,
        response: { 200: CustomUserData, ...ErrorResponses },
      },
    },
    async (request) => getCustomUserData(deps, targetAppOf(request), request.params.userId),
  );

  app.put(
    '/apps/:appId/users/:userId/custom_data',
    {
      // Pretty-printed JSON of an allowed document may be several times its compact size.
      bodyLimit: 4 * MAX_CUSTOM_DATA_BYTES,
      schema: {
        ...describeRoute(TAG, "Replace a user's custom data: carried as user_data in every access token minted afterwards", AUTH),
        params: UserParams,
        body: CustomUserData,
        response: ErrorResponses,
      },
    },
    async (request, reply) => {
      const target = targetAppOf(request);
      await setCustomUserData(deps, target, request.params.userId, request.body, adminOrigin(request));
      return noContent(reply);
    },
  );
}
