import { AppIdParams, KeyToVerify, KeyVerification, LeakedKeys } from '@latchkey/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Deps } from '../domain/deps.js';
import { requestLeakedSecretsRevocation, verifyApiKey } from '../domain/key-management.js';
import { afterAnswer } from './after-answer.js';
import { authOf, requireAccessToken } from './authenticate.js';
import type { HttpLimits } from './limits.js';
import { anonymousOrigin } from './origin.js';
import { rateLimitPerMinute } from './rate-limit.js';
import { ErrorResponses, describeRoute } from './schemas.js';
import { isoOrNull } from './wire.js';
import { targetAppOf } from './target-app.js';

/**
 * Keys checked by value: revoked by whoever finds one leaked (no authentication), and verified
 * by an app's backend that accepts Latchkey keys directly (a server key's session).
 */
export function keyCheckRoutes(server: FastifyInstance, deps: Deps, limits: HttpLimits): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/client/v2.0/api_keys/revoke',
    {
      config: rateLimitPerMinute(limits.revokeRateLimit),
      schema: {
        ...describeRoute(
          'user API keys',
          'Revoke leaked keys by value (no authentication, as GitHub does for leaked tokens): each key found is disabled, with its sessions. ' +
            'The request is stored durably before the answer and carried out right after it, so the answer, and its time, is the same whether any existed',
        ),
        body: LeakedKeys,
        response: { 202: Type.Object({}, { description: 'Accepted; nothing says which keys existed' }), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      afterAnswer(
        reply,
        deps.background,
        'revoke leaked keys',
        await requestLeakedSecretsRevocation(deps, request.body.keys, anonymousOrigin(request)),
      );
      return reply.code(202).send({});
    },
  );

  app.post(
    '/api/client/v2.0/app/:appId/auth/api_keys/verify',
    {
      preHandler: requireAccessToken(deps),
      schema: {
        ...describeRoute(
          'user API keys',
          "Verify a key without opening a session, for a backend that accepts this app's keys; only a server API key's session of the app may ask",
          'accessToken',
        ),
        params: AppIdParams,
        body: KeyToVerify,
        response: { 200: KeyVerification, ...ErrorResponses },
      },
    },
    async (request) => {
      const target = targetAppOf(request);
      const verdict = await verifyApiKey(deps, target, authOf(request).session, request.body.key);
      if (!verdict.valid) return verdict;
      const { key, userId, expiresAt } = verdict;
      return {
        valid: true as const,
        key_id: key.id,
        user_id: userId,
        name: key.name,
        scopes: key.scopes ?? [],
        expires_at: isoOrNull(expiresAt),
      };
    },
  );
}
