import { AppIdParams } from '@latchkey/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import Type from 'typebox';
import type { Deps } from '../domain/deps.js';
import { finishRedirectLogin, startRedirectLogin } from '../domain/oauth-redirects.js';
import { LatchkeyError } from '../model/errors.js';
import { anonymousOrigin } from './origin.js';
import { ErrorResponses, describeRoute } from './schemas.js';
import { targetAppOf } from './target-app.js';

const CALLBACK = '/api/client/v2.0/auth/callback';
const Param = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const RedirectQuery = Type.Object(
  {
    redirect: Type.String({ minLength: 1, maxLength: 2000 }),
    state: Type.String({ minLength: 1, maxLength: 256 }),
    link: Param(8),
    device: Param(4096),
    providerRedirectHeader: Param(8),
  },
  { additionalProperties: true },
);
const CallbackParams = Type.Object({ state: Param(4096), code: Param(4096), error: Param(512) }, { additionalProperties: true });

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

/** realm-web's redirect login for Google, Apple and Facebook, and the callback their authorization servers return to. */
export function oauthRedirectRoutes(server: FastifyInstance, deps: Deps, publicUrl: () => string): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const callbackUrl = () => `${publicUrl()}${CALLBACK}`;

  const names = { 'oauth2-google': 'Google', 'oauth2-apple': 'Apple', 'oauth2-facebook': 'Facebook' } as const;
  for (const provider of ['oauth2-google', 'oauth2-apple', 'oauth2-facebook'] as const) {
    app.get(
      `/api/client/v2.0/app/:appId/auth/providers/${provider}/login`,
      {
        schema: {
          ...describeRoute('client', `Start a browser redirect login with ${names[provider]} (realm-web's redirectUrl credentials)`),
          params: AppIdParams,
          querystring: RedirectQuery,
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        if (request.query.link === 'true')
          throw new LatchkeyError(
            'InvalidParameter',
            'linking by redirect is not served: link with the id token the provider gives the app',
          );
        const target = targetAppOf(request);
        const url = await startRedirectLogin(deps, target, provider, request.query, callbackUrl());
        return noStore(reply).redirect(url, 302);
      },
    );
  }

  server.register(async (scope) => {
    // Apple answers with a form POST; nothing else posts here.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body.toString()))),
    );
    const routes = scope.withTypeProvider<TypeBoxTypeProvider>();
    const finish = async (
      params: { state?: string | undefined; code?: string | undefined; error?: string | undefined },
      reply: FastifyReply,
      request: Parameters<typeof anonymousOrigin>[0],
    ) => noStore(reply).redirect(await finishRedirectLogin(deps, params, callbackUrl(), anonymousOrigin(request)), 302);
    routes.get(
      CALLBACK,
      {
        schema: {
          ...describeRoute('client', 'Where Google, Apple and Facebook return a redirect login'),
          querystring: CallbackParams,
          response: ErrorResponses,
        },
      },
      (request, reply) => finish(request.query, reply, request),
    );
    routes.post(
      CALLBACK,
      {
        schema: {
          ...describeRoute('client', 'Where Apple returns a redirect login (form_post)'),
          body: CallbackParams,
          response: ErrorResponses,
        },
      },
      (request, reply) => finish(request.body, reply, request),
    );
  });
}
