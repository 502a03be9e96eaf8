import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import Type, { type TProperties } from 'typebox';
import { findAppOrFail } from '../domain/apps.js';
import type { Deps } from '../domain/deps.js';
import { LatchkeyError } from '../domain/errors.js';
import {
  linkPasswordIdentity, logInAnonymously, logInWithApiKey, logInWithPassword, registerWithPassword, type DeviceInfo,
} from '../domain/logins.js';
import { endSession, refreshAccessToken } from '../domain/sessions.js';
import { deleteUser, getProfile } from '../domain/users.js';
import { authOf, authenticateLinkingUser, requireAccessToken, requireRefreshToken } from './authenticate.js';
import { rateLimitPerMinute } from './rate-limit.js';
import type { HttpLimits } from './server.js';
import { ErrorResponses, describeRoute, noContent } from './schemas.js';

const CLIENT = '/api/client/v2.0';

const AppParams = Type.Object({ appId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) });
const Device = Type.Optional(Type.Object({ device: Type.Optional(Type.Object({}, { additionalProperties: true })) }));
const Credential = <Properties extends TProperties>(properties: Properties) =>
  Type.Object({ ...properties, options: Device }, { additionalProperties: true });
const LinkQuery = Type.Object({ link: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])) });

const LoginResponse = Type.Object({
  access_token: Type.String(),
  refresh_token: Type.Union([Type.String(), Type.Null()]),
  user_id: Type.String(),
  device_id: Type.String(),
});

const Identity = Type.Object({
  id: Type.String(),
  provider_type: Type.String(),
  provider_id: Type.String(),
  provider_data: Type.Object({}, { additionalProperties: true }),
});
const Profile = Type.Object({
  user_id: Type.String(),
  domain_id: Type.String(),
  type: Type.String(),
  identities: Type.Array(Identity),
  data: Type.Object({}, { additionalProperties: true }),
});

/** Token-bearing answers must never sit in a shared cache. */
function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}

function anonymousBody(body: unknown): { options?: { device?: DeviceInfo } } {
  return typeof body === 'object' && body !== null ? (body as { options?: { device?: DeviceInfo } }) : {};
}

function deviceOf(body: { options?: { device?: DeviceInfo } }): DeviceInfo | undefined {
  return body.options?.device;
}

/** Location, registration, the three login providers, profile, session refresh and logout, user deletion. */
export function clientAuthRoutes(server: FastifyInstance, deps: Deps, publicUrl: () => string, limits: HttpLimits): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get(`${CLIENT}/app/:appId/location`, {
    schema: {
      ...describeRoute('client', 'Where the app is served: hostname is the base URL clients must use'),
      params: AppParams,
      response: { 200: Type.Object({ deployment_model: Type.String(), location: Type.String(), hostname: Type.String(), ws_hostname: Type.String() }), ...ErrorResponses },
    },
  }, async (request) => {
    await findAppOrFail(deps, request.params.appId);
    const hostname = publicUrl();
    return { deployment_model: 'GLOBAL', location: 'local', hostname, ws_hostname: hostname.replace(/^http/, 'ws') };
  });

  const passwordLimit = rateLimitPerMinute(limits.passwordRateLimit);

  app.post(`${CLIENT}/app/:appId/auth/providers/local-userpass/register`, {
    config: passwordLimit,
    schema: { ...describeRoute('client', 'Register an email/password user (confirmed at once)'), params: AppParams, body: Type.Object({ email: Type.String({ maxLength: 254 }), password: Type.String({ maxLength: 128 }) }), response: { 201: Type.Null(), ...ErrorResponses } },
  }, async (request, reply) => {
    const { appId } = request.params;
    const { email, password } = request.body;
    await registerWithPassword(deps, await findAppOrFail(deps, appId), email, password);
    return reply.code(201).send(null);
  });

  const login = { params: AppParams, querystring: LinkQuery, response: { 200: LoginResponse, ...ErrorResponses } };

  app.post(`${CLIENT}/app/:appId/auth/providers/local-userpass/login`, {
    config: passwordLimit,
    schema: { ...describeRoute('client', 'Log in with email and password; with ?link=true and an access token, link the identity to that user'), ...login, body: Credential({ username: Type.String({ maxLength: 254 }), password: Type.String({ maxLength: 128 }) }) },
  }, async (request, reply) => {
    noStore(reply);
    const { appId } = request.params;
    const body = request.body;
    const app = await findAppOrFail(deps, appId);
    if (request.query.link === 'true') {
      return linkPasswordIdentity(deps, app, await authenticateLinkingUser(deps, request), body.username, body.password);
    }
    return logInWithPassword(deps, app, body.username, body.password, deviceOf(body));
  });

  app.post(`${CLIENT}/app/:appId/auth/providers/anon-user/login`, {
    // Every anonymous login makes a user: limited per IP like password logins.
    config: rateLimitPerMinute(limits.anonymousRateLimit),
    // No body schema: an anonymous login may come with no body at all.
    schema: { ...describeRoute('client', 'Log in as a new anonymous user'), ...login },
  }, async (request, reply) => {
    noStore(reply);
    const { appId } = request.params;
    if (request.query.link === 'true') {
      throw new LatchkeyError('InvalidParameter', 'an anonymous identity cannot be linked to an existing user');
    }
    return logInAnonymously(deps, await findAppOrFail(deps, appId), deviceOf(anonymousBody(request.body)));
  });

  app.post(`${CLIENT}/app/:appId/auth/providers/api-key/login`, {
    schema: { ...describeRoute('client', 'Log in with a user API key or a server API key'), ...login, body: Credential({ key: Type.String({ maxLength: 256 }) }) },
  }, async (request, reply) => {
    noStore(reply);
    const { appId } = request.params;
    if (request.query.link === 'true') {
      throw new LatchkeyError('InvalidParameter', 'an API key cannot be linked to an existing user');
    }
    const body = request.body;
    return logInWithApiKey(deps, await findAppOrFail(deps, appId), body.key, deviceOf(body));
  });

  app.post(`${CLIENT}/app/:appId/auth/providers/:provider/login`, {
    schema: { ...describeRoute('client', 'Any other provider: not supported'), params: Type.Object({ appId: AppParams.properties.appId, provider: Type.String({ maxLength: 64 }) }), response: ErrorResponses },
  }, async (request) => {
    await findAppOrFail(deps, request.params.appId);
    throw new LatchkeyError('AuthProviderNotFound', 'that authentication provider is not supported by Latchkey');
  });

  app.get(`${CLIENT}/auth/profile`, {
    preHandler: requireAccessToken(deps),
    schema: { ...describeRoute('client', 'The current user: id, type, identities and data', 'accessToken'), response: { 200: Profile, ...ErrorResponses } },
  }, async (request) => getProfile(deps, authOf(request).session));

  app.post(`${CLIENT}/auth/session`, {
    preHandler: requireRefreshToken(deps),
    schema: { ...describeRoute('client', 'A new access token for the session', 'refreshToken'), response: { 201: Type.Object({ access_token: Type.String() }), ...ErrorResponses } },
  }, async (request, reply) => {
    noStore(reply);
    const { session } = authOf(request);
    const access_token = await refreshAccessToken(deps, session);
    return reply.code(201).send({ access_token });
  });

  app.delete(`${CLIENT}/auth/session`, {
    preHandler: requireRefreshToken(deps),
    schema: { ...describeRoute('client', 'Log out: the refresh token and its access tokens die', 'refreshToken'), response: ErrorResponses },
  }, async (request, reply) => {
    await endSession(deps, authOf(request).session);
    return noContent(reply);
  });

  app.delete(`${CLIENT}/auth/delete`, {
    preHandler: requireAccessToken(deps),
    schema: { ...describeRoute('client', 'Delete the current user with their keys and sessions', 'accessToken'), response: ErrorResponses },
  }, async (request, reply) => {
    await deleteUser(deps, authOf(request).session);
    return noContent(reply);
  });
}
