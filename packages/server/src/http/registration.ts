import { AppIdParams, Registration } from '@latchkey/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Deps } from '../domain/deps.js';
import { registerWithPassword } from '../domain/registration.js';
import { anonymousOrigin } from './origin.js';
import type { HttpLimits } from './limits.js';
import { rateLimitPerMinute } from './rate-limit.js';
import { ErrorResponses, describeRoute } from './schemas.js';
import { targetAppOf } from './target-app.js';

/** Email/password registration. */
export function registrationRoutes(server: FastifyInstance, deps: Deps, limits: HttpLimits): void {
  server.withTypeProvider<TypeBoxTypeProvider>().post(
    '/api/client/v2.0/app/:appId/auth/providers/local-userpass/register',
    {
      config: rateLimitPerMinute(limits.passwordRateLimit),
      schema: {
        ...describeRoute('client', 'Register an email/password user (confirmed at once, unless the app confirms by email or webhook)'),
        params: AppIdParams,
        body: Registration,
        response: { 201: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await registerWithPassword(deps, targetAppOf(request), request.body.email, request.body.password, anonymousOrigin(request));
      return reply.code(201).send(null);
    },
  );
}
