import { AccessTokenAnswer } from '@latchkey/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { endSession, refreshAccessToken } from '../domain/session-tokens.js';
import { authOf, requireRefreshToken } from './authenticate.js';
import { sessionOrigin } from './origin.js';
import { ErrorResponses, describeRoute, noContent } from './schemas.js';

const SESSION = '/api/client/v2.0/auth/session';

/** The session behind a refresh token: a new access token, or logging out. */
export function sessionRoutes(server: FastifyInstance, deps: Deps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    SESSION,
    {
      preHandler: requireRefreshToken(deps),
      schema: {
        ...describeRoute('client', 'A new access token for the session', 'refreshToken'),
        response: { 201: AccessTokenAnswer, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return reply.code(201).send({ access_token: await refreshAccessToken(deps, authOf(request).session) });
    },
  );

  app.delete(
    SESSION,
    {
      preHandler: requireRefreshToken(deps),
      schema: {
        ...describeRoute('client', 'Log out: the refresh token and its access tokens die', 'refreshToken'),
        response: ErrorResponses,
      },
    },
    async (request, reply) => {
      const { session } = authOf(request);
      await endSession(deps, session, sessionOrigin(request, session));
      return noContent(reply);
    },
  );
}
