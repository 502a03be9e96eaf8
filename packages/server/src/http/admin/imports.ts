import { Readable } from 'node:stream';
import {
  AppIdParams,
  AppImportReport,
  AppImportRequest,
  CustomDataImportQuery,
  CustomDataImportReport,
  ResetCampaign,
  ResetCampaignRequest,
  UserImportQuery,
  UserImportReport,
} from '@latchkey/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { importApp } from '../../domain/app-management.js';
import { DEFAULT_USER_ID_FIELD, importCustomData } from '../../domain/custom-data-import.js';
import type { Deps } from '../../domain/deps.js';
import { DEFAULT_MAILS_PER_MINUTE, mailResetsToImportedUsers } from '../../domain/reset-campaign.js';
import { importUsers } from '../../domain/user-import.js';
import { recordsOf } from '../import-body.js';
import { adminOrigin } from '../origin.js';
import { ErrorResponses, describeRoute } from '../schemas.js';
import { targetAppOf } from '../target-app.js';
import { isoOrNull, toCustomDataImportReport, toPublicApp, toUserImportReport } from '../wire.js';

const TAG = 'admin';
const AUTH = 'adminToken';
/** An App Services export's configuration files, parsed: generous, but bounded. */
const APP_IMPORT_BODY_LIMIT = 8 * 1024 * 1024;
const STREAMED = ['application/x-ndjson', 'application/jsonl', 'application/json'];
/** The streamed body, or none (a POST without one imports nothing). */
const bodyStream = (body: unknown): Readable => (body instanceof Readable ? body : Readable.from([]));
const STREAM_NOTE =
  ' The body is JSON Lines (`application/x-ndjson`) or one JSON array (`application/json`), read as it arrives, at most 64 MiB a request (`latchkey import` sends big files in parts).';

/** Moving an App Services app in: its configuration, users, custom data, and the reset mails for users without a password. */
export function importRoutes(scope: FastifyInstance, deps: Deps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/apps/import',
    {
      bodyLimit: APP_IMPORT_BODY_LIMIT,
      schema: {
        ...describeRoute(TAG, 'Create an app from an App Services export (`appservices pull`), under the same client app id', AUTH),
        body: AppImportRequest,
        response: { 200: AppImportReport, 201: AppImportReport, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { files, settings, dry_run: dryRun = false } = request.body;
      const done = await importApp(deps, files, settings ?? {}, dryRun, adminOrigin(request));
      const source = done.read.customUserData;
      return reply.code(done.status === 'created' && !dryRun ? 201 : 200).send({
        status: done.status,
        dry_run: dryRun,
        app: toPublicApp(done.app),
        custom_user_data: source ? { database: source.database, collection: source.collection, user_id_field: source.userIdField } : null,
        to_do: done.read.toDo,
        not_served: done.read.notServed,
      });
    },
  );

  // The two streamed imports read their bodies themselves, record by record.
  scope.register(async (streamed) => {
    streamed.removeAllContentTypeParsers();
    streamed.addContentTypeParser(STREAMED, (_request, payload, done) => done(null, payload));
    const routes = streamed.withTypeProvider<TypeBoxTypeProvider>();

    routes.post(
      '/apps/:appId/import/users',
      {
        schema: {
          ...describeRoute(TAG, `Import users as App Services lists them (same ids, identities, dates, profile data).${STREAM_NOTE}`, AUTH),
          consumes: STREAMED,
          params: AppIdParams,
          querystring: UserImportQuery,
          response: { 200: UserImportReport, ...ErrorResponses },
        },
      },
      async (request) => {
        const { dry_run: dryRun = false, start = 1, unit } = request.query;
        const lines = recordsOf(bodyStream(request.body), { start, unit });
        return toUserImportReport(await importUsers(deps, targetAppOf(request), lines, { dryRun }, adminOrigin(request)));
      },
    );

    routes.post(
      '/apps/:appId/import/custom_data',
      {
        schema: {
          ...describeRoute(
            TAG,
            `Import custom user data from a mongoexport of the custom-data collection (Extended JSON).${STREAM_NOTE}`,
            AUTH,
          ),
          consumes: STREAMED,
          params: AppIdParams,
          querystring: CustomDataImportQuery,
          response: { 200: CustomDataImportReport, ...ErrorResponses },
        },
      },
      async (request) => {
        const { dry_run: dryRun = false, start = 1, unit, user_id_field: userIdField = DEFAULT_USER_ID_FIELD } = request.query;
        const lines = recordsOf(bodyStream(request.body), { start, unit });
        const report = await importCustomData(deps, targetAppOf(request), lines, { dryRun, userIdField }, adminOrigin(request));
        return toCustomDataImportReport(report);
      },
    );
  });

  app.post(
    '/apps/:appId/users/password_resets',
    {
      schema: {
        ...describeRoute(TAG, 'Queue a reset mail for every imported email user without a password, paced', AUTH),
        params: AppIdParams,
        body: ResetCampaignRequest,
        response: { 200: ResetCampaign, ...ErrorResponses },
      },
    },
    async (request) => {
      const { per_minute: perMinute = DEFAULT_MAILS_PER_MINUTE, again = false } = request.body;
      const done = await mailResetsToImportedUsers(deps, targetAppOf(request), { perMinute, again }, adminOrigin(request));
      return { queued: done.queued, last_due_at: isoOrNull(done.lastDueAt) };
    },
  );
}
