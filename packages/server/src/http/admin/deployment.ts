import { Readable } from 'node:stream';
import {
  DeploymentExportQuery,
  DeploymentImportAbandoned,
  DeploymentImportProgress,
  DeploymentImportRequest,
  DeploymentImportStarted,
  DeploymentLinesParams,
  DeploymentLinesQuery,
} from '@latchkey/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import { exportDeployment } from '../../domain/deployment-export.js';
import { abandonDeploymentImport, importDeploymentLines, startDeploymentImport } from '../../domain/deployment-import.js';
import { ErrorResponses, describeRoute } from '../schemas.js';

const TAG = 'admin';
const AUTH = 'adminToken';
export const DEPLOYMENT_MEDIA_TYPE = 'application/x-ndjson';
/** One request of an import carries at most this much (`latchkey import deployment` sends 8 MiB parts). */
export const MAX_DEPLOYMENT_PART_BYTES = 64 * 1024 * 1024;

/** The lines of a part; the newline after the last one is optional. */
function linesOf(body: Buffer): string[] {
  const lines = body.toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** Moving a whole deployment to another server (and store): docs/deploy.md. */
export function deploymentRoutes(scope: FastifyInstance, deps: Deps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  // Untyped: the answer is a stream, which the typed reply does not take.
  scope.get(
    '/deployment/export',
    {
      schema: {
        ...describeRoute(
          TAG,
          'Everything this deployment holds, as one streamed JSON Lines file (docs/deployment-file.md), consistent as of one moment while the server goes on serving',
          AUTH,
        ),
        querystring: DeploymentExportQuery,
        response: {
          200: {
            description: 'The deployment file',
            content: { [DEPLOYMENT_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } } },
          },
          ...ErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const { audit_log: auditLog = false, include_clear_secrets: includeClearSecrets = false } = request.query as DeploymentExportQuery;
      const lines = await exportDeployment(deps, { auditLog, includeClearSecrets });
      const stamp = new Date(deps.clock.now()).toISOString().replace(/[:.]/g, '-');
      return reply
        .type(DEPLOYMENT_MEDIA_TYPE)
        .header('content-disposition', `attachment; filename="latchkey-deployment-${stamp}.jsonl"`)
        .send(Readable.from(lines));
    },
  );

  app.post(
    '/deployment/import',
    {
      schema: {
        ...describeRoute(TAG, "Begin importing a deployment file: its header, and whether to merge into this server's apps", AUTH),
        body: DeploymentImportRequest,
        response: { 201: DeploymentImportStarted, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const started = await startDeploymentImport(deps, request.body.header, request.body.merge ?? false);
      return reply.code(201).send({ import_id: started.importId, next_line: started.nextLine, replaced_apps: started.replacedApps });
    },
  );

  app.delete(
    '/deployment/import',
    {
      schema: {
        ...describeRoute(TAG, 'Undo an unfinished deployment import: this server is left as it was before it began', AUTH),
        response: { 200: DeploymentImportAbandoned, ...ErrorResponses },
      },
    },
    async () => ({ abandoned: await abandonDeploymentImport(deps) }),
  );

  scope.register(async (parts) => {
    parts.removeAllContentTypeParsers();
    parts.addContentTypeParser(DEPLOYMENT_MEDIA_TYPE, { parseAs: 'buffer', bodyLimit: MAX_DEPLOYMENT_PART_BYTES }, (_request, body, done) =>
      done(null, body),
    );
    parts.withTypeProvider<TypeBoxTypeProvider>().post(
      '/deployment/import/:importId/lines',
      {
        schema: {
          ...describeRoute(
            TAG,
            `The file's next lines (${DEPLOYMENT_MEDIA_TYPE}, at most 64 MiB a request), from the line the import expects; the request holding the trailer finishes the import`,
            AUTH,
          ),
          consumes: [DEPLOYMENT_MEDIA_TYPE],
          params: DeploymentLinesParams,
          querystring: DeploymentLinesQuery,
          response: { 200: DeploymentImportProgress, ...ErrorResponses },
        },
      },
      async (request) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const progress = await importDeploymentLines(deps, request.params.importId, request.query.from, linesOf(body));
        return { done: progress.done, next_line: progress.nextLine, rows: progress.rows };
      },
    );
  });
}
