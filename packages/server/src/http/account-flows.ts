import { AppIdParams, EmailOnly, OBJECT_ID_PATTERN, PasswordReset, PasswordResetCall, TokenDetails } from '@latchkey/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { confirmUser, resendConfirmationEmail, retryCustomConfirmation } from '../domain/confirmation.js';
import type { Deps } from '../domain/deps.js';
import { callResetWebhook, resetPassword, sendResetPasswordEmail } from '../domain/password-reset.js';
import type { HttpLimits } from './limits.js';
import { afterAnswer } from './after-answer.js';
import { anonymousOrigin } from './origin.js';
import { rateLimitPerMinute } from './rate-limit.js';
import { ErrorResponses, describeRoute, noContent } from './schemas.js';
import { targetAppOf } from './target-app.js';

const USERPASS = '/api/client/v2.0/app/:appId/auth/providers/local-userpass';
/** A malformed token id is just an invalid token: the answer is UserpassTokenInvalid either way. */
const isTokenId = (tokenId: string) => new RegExp(OBJECT_ID_PATTERN).test(tokenId);

/**
 * Confirmation and password reset, with the bodies realm-web's `app.emailPasswordAuth` and
 * realm-core send: `confirm`, `confirm/send`, `confirm/call`, `reset/send`, `reset`,
 * `reset/call`. Each answers 204. The `send` and `call` routes answer alike, and at once, for
 * every address: what they do for a registered one (mail, webhook) runs after the answer. All
 * are limited per client IP (and mail per address, one a minute).
 */
export function accountFlowRoutes(server: FastifyInstance, deps: Deps, limits: HttpLimits): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const config = rateLimitPerMinute(limits.passwordRateLimit);
  const route = (summary: string) => ({ ...describeRoute('client', summary), params: AppIdParams, response: ErrorResponses });

  app.post(
    `${USERPASS}/confirm`,
    { config, schema: { ...route('Confirm an email address with the token and tokenId of its link'), body: TokenDetails } },
    async (request, reply) => {
      const target = targetAppOf(request);
      const { token, tokenId } = request.body;
      await confirmUser(deps, target, isTokenId(tokenId) ? tokenId : '', token, anonymousOrigin(request));
      return noContent(reply);
    },
  );

  app.post(
    `${USERPASS}/confirm/send`,
    { config, schema: { ...route('Send a pending address a new confirmation link'), body: EmailOnly } },
    async (request, reply) => {
      const work = resendConfirmationEmail(deps, targetAppOf(request), request.body.email);
      afterAnswer(reply, deps.background, 'confirmation mail', work);
      return noContent(reply);
    },
  );

  app.post(
    `${USERPASS}/confirm/call`,
    {
      config,
      schema: { ...route("Ask the app's confirmation webhook again about a pending address"), body: EmailOnly },
    },
    async (request, reply) => {
      const work = retryCustomConfirmation(deps, targetAppOf(request), request.body.email);
      afterAnswer(reply, deps.background, 'confirmation webhook', work);
      return noContent(reply);
    },
  );

  app.post(
    `${USERPASS}/reset/send`,
    { config, schema: { ...route('Mail a password reset link'), body: EmailOnly } },
    async (request, reply) => {
      const work = sendResetPasswordEmail(deps, targetAppOf(request), request.body.email);
      afterAnswer(reply, deps.background, 'reset mail', work);
      return noContent(reply);
    },
  );

  app.post(
    `${USERPASS}/reset`,
    {
      config,
      schema: {
        ...route('Set a new password with the token and tokenId of a reset link; every session of the user ends'),
        body: PasswordReset,
      },
    },
    async (request, reply) => {
      const target = targetAppOf(request);
      const { token, tokenId, password } = request.body;
      await resetPassword(deps, target, isTokenId(tokenId) ? tokenId : '', token, password, anonymousOrigin(request));
      return noContent(reply);
    },
  );

  app.post(
    `${USERPASS}/reset/call`,
    {
      config,
      schema: {
        ...route("Reset a password through the app's reset webhook"),
        body: PasswordResetCall,
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const target = targetAppOf(request);
      const work = callResetWebhook(deps, target, email, password, request.body.arguments ?? [], anonymousOrigin(request));
      afterAnswer(reply, deps.background, 'reset webhook', work);
      return noContent(reply);
    },
  );
}
