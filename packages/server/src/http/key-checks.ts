import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { findAppOrFail } from '../domain/app-management.js';
import type { Deps } from '../domain/deps.js';
import { MAX_REVOKED_PER_REQUEST, requestLeakedSecretsRevocation, verifyApiKey } from '../domain/key-management.js';
import { afterAnswer } from './after-answer.js';
import { authOf, requireAccessToken } from './authenticate.js';
import type { HttpLimits } from './limits.js';
import { anonymousOrigin } from './origin.js';
import { rateLimitPerMinute } from './rate-limit.js';
import { AppIdParams, ErrorResponses, describeRoute } from './schemas.js';
import { isoOrNull } from './wire.js';

/** Longer than any key (4 + 43 + 6 characters); longer strings are refused, not hashed. */
const MAX_KEY_LENGTH = 200;
const KeyString = Type.String({ minLength: 1, maxLength: MAX_KEY_LENGTH });

/**
 * One object schema rather than a union of the two answers: a union makes the serialiser
 * validate each answer against its branches, on the hot path of every backend that verifies.
 */
const Verified = Type.Object(
  {
    valid: Type.Boolean(),
    key_id: Type.Optional(Type.String()),
    user_id: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    scopes: Type.Optional(Type.Array(Type.String())),
    expires_at: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
    code: Type.Optional(Type.String({ enum: ['NOT_FOUND', 'DISABLED', 'EXPIRED'] })),
  },
  {
    description:
      'Valid: `{"valid": true, "key_id", "user_id", "name", "scopes", "expires_at"}`. Not: `{"valid": false, "code"}` with NOT_FOUND (unknown, malformed, ' +
      "another app's, or an old secret past its rotation grace), DISABLED (the key or its user) or EXPIRED",
  },
);

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
        body: Type.Object({ keys: Type.Array(KeyString, { minItems: 1, maxItems: MAX_REVOKED_PER_REQUEST }) }),
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
        body: Type.Object({ key: KeyString }),
        response: { 200: Verified, ...ErrorResponses },
      },
    },
    async (request) => {
      const target = await findAppOrFail(deps, request.params.appId);
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
