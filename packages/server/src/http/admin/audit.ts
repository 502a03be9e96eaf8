import { AppIdParams, AuditEvent, AuditFilters } from '@latchkey/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Deps } from '../../domain/deps.js';
import { ErrorResponses, describeRoute } from '../schemas.js';
import { toAuditEventAnswer } from '../wire.js';
import { targetAppOf } from '../target-app.js';

const TAG = 'admin';
/** The app's audit log, newest first. */
export function auditRoutes(scope: FastifyInstance, deps: Deps): void {
  scope.withTypeProvider<TypeBoxTypeProvider>().get(
    '/apps/:appId/audit',
    {
      schema: {
        ...describeRoute(
          TAG,
          "The app's audit log, newest first; page with `after` (the last `_id` seen). Events are written within a second of happening; this node's are written before it answers",
          'adminToken',
        ),
        params: AppIdParams,
        querystring: AuditFilters,
        response: { 200: Type.Array(AuditEvent), ...ErrorResponses },
      },
    },
    async (request) => {
      const target = targetAppOf(request);
      const { after, limit, type, user_id, key_id, since, until } = request.query;
      await deps.audit.flush();
      const events = await deps.store.listAuditEvents(target.id, {
        after,
        limit: limit ?? 50,
        type,
        userId: user_id,
        keyId: key_id,
        since: since === undefined ? undefined : Date.parse(since),
        until: until === undefined ? undefined : Date.parse(until),
      });
      return events.map(toAuditEventAnswer);
    },
  );
}
