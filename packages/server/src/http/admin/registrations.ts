import { AppIdParams, ClientAppId, PendingRegistration, QueuedMail, RequeuedMail, WebhookSecret } from '@latchkey/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { rotateWebhookSecret } from '../../domain/app-management.js';
import { confirmByOperator, resendByOperator } from '../../domain/confirmation.js';
import type { Deps } from '../../domain/deps.js';
import { adminOrigin } from '../origin.js';
import { ErrorResponses, describeRoute, noContent } from '../schemas.js';
import { toPendingUser, toQueuedMail } from '../wire.js';
import { targetAppOf } from '../target-app.js';

const TAG = 'admin';
const AUTH = 'adminToken';
const ByEmail = Type.Object({ appId: ClientAppId, email: Type.String({ minLength: 3, maxLength: 254 }) });
const Limit = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) });

/** Registrations awaiting confirmation, the app's webhook secret, and the mail queue. */
export function registrationRoutes(scope: FastifyInstance, deps: Deps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/apps/:appId/user_registrations/pending',
    {
      schema: {
        ...describeRoute(TAG, 'Registrations awaiting confirmation, newest first', AUTH),
        params: AppIdParams,
        querystring: Limit,
        response: { 200: Type.Array(PendingRegistration), ...ErrorResponses },
      },
    },
    async (request) => {
      const target = targetAppOf(request);
      return (await deps.store.listPendingIdentities(target.id, request.query.limit ?? 50)).map(toPendingUser);
    },
  );

  app.post(
    '/apps/:appId/user_registrations/by_email/:email/confirm',
    {
      schema: { ...describeRoute(TAG, 'Confirm a pending registration', AUTH), params: ByEmail, response: ErrorResponses },
    },
    async (request, reply) => {
      await confirmByOperator(deps, targetAppOf(request), request.params.email, adminOrigin(request));
      return noContent(reply);
    },
  );

  app.post(
    '/apps/:appId/user_registrations/by_email/:email/send_confirm',
    {
      schema: {
        ...describeRoute(TAG, 'Send a pending registration its confirmation again (mail or webhook)', AUTH),
        params: ByEmail,
        response: ErrorResponses,
      },
    },
    async (request, reply) => {
      await resendByOperator(deps, targetAppOf(request), request.params.email);
      return noContent(reply);
    },
  );

  app.post(
    '/apps/:appId/webhook_secret',
    {
      schema: {
        ...describeRoute(TAG, "Make (or replace) the app's webhook signing secret: shown in this answer and never again", AUTH),
        params: AppIdParams,
        response: { 201: WebhookSecret, ...ErrorResponses },
      },
    },
    async (request, reply) => reply.code(201).send({ secret: await rotateWebhookSecret(deps, targetAppOf(request), adminOrigin(request)) }),
  );

  app.get(
    '/mail_outbox',
    {
      schema: {
        ...describeRoute(TAG, 'Mail waiting to be sent, and mail given up on, oldest first', AUTH),
        querystring: Limit,
        response: { 200: Type.Array(QueuedMail), ...ErrorResponses },
      },
    },
    async (request) => (await deps.store.listMail(request.query.limit ?? 100)).map(toQueuedMail),
  );

  app.post(
    '/mail_outbox/retry',
    {
      schema: {
        ...describeRoute(TAG, 'Send all queued mail now, given-up mail included (after fixing the SMTP server)', AUTH),
        response: { 200: RequeuedMail, ...ErrorResponses },
      },
    },
    async () => {
      const queued = await deps.store.retryAllMail(deps.clock.now());
      deps.mail?.wake();
      return { queued };
    },
  );
}
