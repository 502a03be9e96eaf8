import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { LatchkeyError } from '../model/errors.js';
import type { StoreLifecycle } from '../store/store.js';
import { ErrorResponses } from './schemas.js';

/**
 * `/health` is liveness, for restarting a stuck process: it answers while the process serves
 * HTTP, without touching the database (a database outage shows as 503s on real routes, and
 * should not get every node restarted at once). It is also the benchmarks' ceiling: the
 * cheapest JSON route this Fastify instance can serve.
 *
 * `/ready` is readiness, for taking a node out of a load balancer's rotation: one read of the
 * database, the schema at this build's version, and (PostgreSQL) the change feed listening,
 * without which this node's caches could serve revoked keys and it bypasses them.
 */
export function healthRoutes(app: FastifyInstance, store: Pick<StoreLifecycle, 'readiness'>): void {
  app.get(
    '/health',
    {
      schema: {
        summary: 'Liveness: 200 while the process serves HTTP',
        tags: ['operations'],
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/ready',
    {
      schema: {
        summary: 'Readiness: 200 when the database answers, its schema is current and the change feed listens; 503 saying which is not',
        tags: ['operations'],
        response: {
          200: Type.Object({ status: Type.Literal('ready'), schema_version: Type.Integer(), change_feed: Type.Literal('live') }),
          ...ErrorResponses,
        },
      },
    },
    async () => {
      const readiness = await store.readiness();
      if (readiness.schemaVersion < readiness.expectedSchemaVersion)
        throw new LatchkeyError(
          'ServiceUnavailable',
          `not ready: the database schema is at version ${readiness.schemaVersion}, this server needs ${readiness.expectedSchemaVersion}`,
        );
      if (!readiness.changesLive)
        throw new LatchkeyError('ServiceUnavailable', 'not ready: the change feed is down (reconnecting); caches are bypassed meanwhile');
      return { status: 'ready' as const, schema_version: readiness.schemaVersion, change_feed: 'live' as const };
    },
  );
}
