import { AppIdParams, AppStats, StatsQuery } from '@latchkey/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { appStats } from '../../domain/app-management.js';
import type { Deps } from '../../domain/deps.js';
import { ErrorResponses, describeRoute } from '../schemas.js';
import { targetAppOf } from '../target-app.js';

/** An app at a glance: the console's dashboard. */
export function statsRoutes(scope: FastifyInstance, deps: Deps): void {
  scope.withTypeProvider<TypeBoxTypeProvider>().get(
    '/apps/:appId/stats',
    {
      schema: {
        ...describeRoute('admin', "The app's users and keys now, and its logins hour by hour by provider and outcome", 'adminToken'),
        params: AppIdParams,
        querystring: StatsQuery,
        response: { 200: AppStats, ...ErrorResponses },
      },
    },
    async (request) => {
      const stats = await appStats(deps, targetAppOf(request), request.query.hours ?? 24);
      return {
        since: new Date(stats.since).toISOString(),
        users: { total: stats.users.total, disabled: stats.users.disabled, server_users: stats.users.serverUsers },
        user_keys: stats.userKeys,
        server_keys: stats.serverKeys,
        logins: stats.logins.map((login) => ({ ...login, hour: new Date(login.hour).toISOString() })),
      };
    },
  );
}
