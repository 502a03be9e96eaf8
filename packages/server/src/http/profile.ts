import { Profile } from '@latchkey/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { deleteUser, userOfSession } from '../domain/own-account.js';
import { authOf, requireAccessToken } from './authenticate.js';
import { sessionOrigin } from './origin.js';
import { ErrorResponses, describeRoute, noContent } from './schemas.js';
import { toProfile } from './wire.js';

/** The signed-in user: their profile, and deleting them. */
export function profileRoutes(server: FastifyInstance, deps: Deps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/client/v2.0/auth/profile',
    {
      preHandler: requireAccessToken(deps),
      schema: {
        ...describeRoute('client', 'The current user: id, type, identities and data', 'accessToken'),
        response: { 200: Profile, ...ErrorResponses },
      },
    },
    async (request) => toProfile(await userOfSession(deps, authOf(request).session)),
  );

  app.delete(
    '/api/client/v2.0/auth/delete',
    {
      preHandler: requireAccessToken(deps),
      schema: {
        ...describeRoute('client', 'Delete the current user with their keys and sessions', 'accessToken'),
        response: ErrorResponses,
      },
    },
    async (request, reply) => {
      const { session } = authOf(request);
      await deleteUser(deps, session, sessionOrigin(request, session));
      return noContent(reply);
    },
  );
}
