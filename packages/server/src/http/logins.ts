import {
  ApiKeyCredential,
  AppIdParams,
  ClientAppId,
  AppleCredential,
  CustomTokenCredential,
  FacebookCredential,
  FunctionCredential,
  GoogleCredential,
  LinkQuery,
  LoginAnswer,
  PasswordCredential,
} from '@latchkey/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import Type from 'typebox';
import type { Deps } from '../domain/deps.js';
import { LatchkeyError } from '../model/errors.js';
import { linkPasswordIdentity } from '../domain/linking.js';
import { logInAnonymously, logInWithApiKey, logInWithPassword, type DeviceInfo } from '../domain/logins.js';
import { proveByCustomFunction } from '../domain/custom-function.js';
import { toRelaxedExtendedJson } from '../domain/extended-json.js';
import { proveByApple, proveByFacebook, proveByGoogle } from '../domain/oauth-logins.js';
import { verifyCustomJwt } from '../domain/custom-jwt.js';
import { linkExternalIdentity, logInWithExternalIdentity, type ExternalIdentity } from '../domain/external-logins.js';
import type { App } from '../model/apps.js';
import type { FastifyRequest } from 'fastify';
import { authenticateLinkingUser } from './authenticate.js';
import type { HttpLimits } from './limits.js';
import { anonymousOrigin, sessionOrigin } from './origin.js';
import { rateLimitPerMinute } from './rate-limit.js';
import { ErrorResponses, describeRoute } from './schemas.js';
import { toLoginAnswer } from './wire.js';
import { targetAppOf } from './target-app.js';

const PROVIDERS = '/api/client/v2.0/app/:appId/auth/providers';
const login = { params: AppIdParams, querystring: LinkQuery, response: { 200: LoginAnswer, ...ErrorResponses } };

/** realm-core writes a function's payload as Extended JSON (`{"$numberInt": "7"}`): the backend gets it as plain JSON where that loses nothing. */
function payloadOf(payload: Record<string, unknown>): Record<string, unknown> {
  try {
    return toRelaxedExtendedJson(payload);
  } catch {
    throw new LatchkeyError('InvalidParameter', 'the login payload has a malformed Extended JSON value');
  }
}

/** Token-bearing answers must never sit in a shared cache. */
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
const deviceOf = (body: unknown): DeviceInfo | undefined =>
  typeof body === 'object' && body !== null ? (body as { options?: { device?: DeviceInfo } }).options?.device : undefined;

/** The three login providers (`?link=true` links an email identity instead), and a coded refusal for any other. */
export function loginRoutes(server: FastifyInstance, deps: Deps, limits: HttpLimits): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    `${PROVIDERS}/local-userpass/login`,
    {
      config: rateLimitPerMinute(limits.passwordRateLimit),
      schema: {
        ...describeRoute('client', 'Log in with email and password; with ?link=true and an access token, link the identity to that user'),
        ...login,
        body: PasswordCredential,
      },
    },
    async (request, reply) => {
      noStore(reply);
      const { username, password } = request.body;
      const target = targetAppOf(request);
      if (request.query.link === 'true') {
        const access = await authenticateLinkingUser(deps, request);
        return toLoginAnswer(await linkPasswordIdentity(deps, target, access, username, password, sessionOrigin(request, access.session)));
      }
      return toLoginAnswer(await logInWithPassword(deps, target, username, password, anonymousOrigin(request), deviceOf(request.body)));
    },
  );

  app.post(
    `${PROVIDERS}/anon-user/login`,
    {
      // Every anonymous login makes a user: limited per IP like password logins.
      config: rateLimitPerMinute(limits.anonymousRateLimit),
      // No body schema: an anonymous login may come with no body at all.
      schema: { ...describeRoute('client', 'Log in as a new anonymous user'), ...login },
    },
    async (request, reply) => {
      noStore(reply);
      if (request.query.link === 'true')
        throw new LatchkeyError('InvalidParameter', 'an anonymous identity cannot be linked to an existing user');
      return toLoginAnswer(await logInAnonymously(deps, targetAppOf(request), anonymousOrigin(request), deviceOf(request.body)));
    },
  );

  app.post(
    `${PROVIDERS}/api-key/login`,
    {
      schema: {
        ...describeRoute('client', 'Log in with a user API key or a server API key'),
        ...login,
        body: ApiKeyCredential,
      },
    },
    async (request, reply) => {
      noStore(reply);
      if (request.query.link === 'true') throw new LatchkeyError('InvalidParameter', 'an API key cannot be linked to an existing user');
      return toLoginAnswer(
        await logInWithApiKey(deps, targetAppOf(request), request.body.key, anonymousOrigin(request), deviceOf(request.body)),
      );
    },
  );

  /** A login (or, with ?link=true and an access token, a link) by an identity another system vouches for. */
  async function external(
    request: FastifyRequest,
    reply: FastifyReply,
    link: boolean,
    provider: ExternalIdentity['provider'],
    prove: (target: App) => () => Promise<ExternalIdentity>,
  ) {
    noStore(reply);
    const target = targetAppOf(request);
    if (link) {
      const access = await authenticateLinkingUser(deps, request);
      return toLoginAnswer(
        await linkExternalIdentity(deps, target, access, provider, prove(target), sessionOrigin(request, access.session)),
      );
    }
    return toLoginAnswer(
      await logInWithExternalIdentity(deps, target, provider, prove(target), anonymousOrigin(request), deviceOf(request.body)),
    );
  }

  app.post(
    `${PROVIDERS}/custom-token/login`,
    {
      schema: {
        ...describeRoute('client', "Log in with a JWT the app's own identity system signed (custom JWT); with ?link=true, link it"),
        ...login,
        body: CustomTokenCredential,
      },
    },
    (request, reply) =>
      external(request, reply, request.query.link === 'true', 'custom-token', (target) => async () => {
        const verified = await verifyCustomJwt(deps, target, request.body.token);
        return { provider: 'custom-token', externalId: verified.subject, profile: verified.profile };
      }),
  );

  app.post(
    `${PROVIDERS}/custom-function/login`,
    {
      config: rateLimitPerMinute(limits.passwordRateLimit),
      schema: {
        ...describeRoute('client', "Log in with a payload the app's login function (a webhook) decides; with ?link=true, link it"),
        ...login,
        body: FunctionCredential,
      },
    },
    (request, reply) =>
      external(request, reply, request.query.link === 'true', 'custom-function', (target) => () => {
        const { options: _options, ...payload } = request.body as Record<string, unknown>;
        return proveByCustomFunction(deps, target, payloadOf(payload));
      }),
  );

  const oauth = [
    ['oauth2-google', 'Log in with a Google id token or server auth code', GoogleCredential, proveByGoogle],
    ['oauth2-apple', 'Log in with a Sign in with Apple id token', AppleCredential, proveByApple],
    ['oauth2-facebook', 'Log in with a Facebook user access token', FacebookCredential, proveByFacebook],
  ] as const;
  for (const [provider, summary, body, prove] of oauth) {
    app.post(
      `${PROVIDERS}/${provider}/login`,
      { schema: { ...describeRoute('client', `${summary}; with ?link=true and an access token, link it`), ...login, body } },
      (request, reply) =>
        external(request, reply, request.query.link === 'true', provider, (target) => () => prove(deps, target, request.body)),
    );
  }

  app.post(
    `${PROVIDERS}/:provider/login`,
    {
      schema: {
        ...describeRoute('client', 'Any other provider: not supported'),
        params: Type.Object({ appId: ClientAppId, provider: Type.String({ maxLength: 64 }) }),
        response: ErrorResponses,
      },
    },
    async (request) => {
      targetAppOf(request);
      throw new LatchkeyError('AuthProviderNotFound', 'that authentication provider is not supported by Latchkey');
    },
  );
}
