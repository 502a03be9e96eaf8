import { App, AppChange, AppIdParams, NewApp } from '@latchkey/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { createApp, deleteApp, updateAppSettings } from '../../domain/app-management.js';
import type { Deps } from '../../domain/deps.js';
import { adminOrigin } from '../origin.js';
import { ErrorResponses, describeRoute, noContent } from '../schemas.js';
import { toPublicApp } from '../wire.js';
import { targetAppOf } from '../target-app.js';

const TAG = 'admin';
const AUTH = 'adminToken';

/** Apps: list, create, read, change settings, delete. */
export function appRoutes(scope: FastifyInstance, deps: Deps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/apps',
    { schema: { ...describeRoute(TAG, 'List apps', AUTH), response: { 200: Type.Array(App), ...ErrorResponses } } },
    async () => (await deps.store.listApps()).map(toPublicApp),
  );

  app.post(
    '/apps',
    {
      schema: {
        ...describeRoute(TAG, 'Create an app', AUTH),
        body: NewApp,
        response: { 201: App, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { client_app_id, name, settings } = request.body;
      return reply.code(201).send(toPublicApp(await createApp(deps, { clientAppId: client_app_id, name, settings }, adminOrigin(request))));
    },
  );

  app.get(
    '/apps/:appId',
    { schema: { ...describeRoute(TAG, 'One app', AUTH), params: AppIdParams, response: { 200: App, ...ErrorResponses } } },
    async (request) => toPublicApp(targetAppOf(request)),
  );

  app.patch(
    '/apps/:appId',
    {
      schema: {
        ...describeRoute(TAG, "Change an app's settings", AUTH),
        params: AppIdParams,
        body: AppChange,
        response: { 200: App, ...ErrorResponses },
      },
    },
    async (request) => toPublicApp(await updateAppSettings(deps, targetAppOf(request), request.body.settings, adminOrigin(request))),
  );

  app.delete(
    '/apps/:appId',
    {
      schema: {
        ...describeRoute(
          TAG,
          'Delete an app with everything in it: users, identities, keys, sessions, pending mail and its audit log. The last app may be deleted too; Latchkey does not recreate the demo app',
          AUTH,
        ),
        params: AppIdParams,
        response: ErrorResponses,
      },
    },
    async (request, reply) => {
      const deleted = await deleteApp(deps, targetAppOf(request));
      request.log.info({ app: deleted.clientAppId, appId: deleted.id }, 'app deleted by the operator');
      return noContent(reply);
    },
  );
}
