import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import Type from 'typebox';
import { secretMatchesHash } from '../crypto/secret-hash.js';
import { createServerApiKey, deleteApiKey, getApiKey, listApiKeys, serverKeys, setApiKeyDisabled } from '../domain/api-keys.js';
import { CLIENT_APP_ID_PATTERN, PROVIDERS, createApp, findAppOrFail, toPublicApp, updateAppSettings } from '../domain/apps.js';
import type { Deps } from '../domain/deps.js';
import { LatchkeyError } from '../domain/errors.js';
import { adminUserRoutes } from './admin-users.js';
import { CreatedKey, KeyName, PublicKey } from './api-keys.js';
import { bearerToken } from './bearer.js';
import { ErrorResponses, ObjectId, describeRoute, noContent } from './schemas.js';

const ADMIN = '/api/admin/v1';
const TAG = 'admin';
const AUTH = 'adminToken';

const Settings = Type.Object({
  providers: Type.Array(Type.Union([Type.Literal('local-userpass'), Type.Literal('anon-user'), Type.Literal('api-key')]), { maxItems: PROVIDERS.length }),
  accessTokenTtlSeconds: Type.Integer({ minimum: 60, maximum: 86_400 }),
  refreshTokenTtlSeconds: Type.Integer({ minimum: 300, maximum: 365 * 86_400 }),
  maxUserApiKeys: Type.Integer({ minimum: 0, maximum: 1000 }),
  maxServerApiKeys: Type.Integer({ minimum: 0, maximum: 10_000 }),
  corsOrigins: Type.Array(Type.String({ pattern: '^(\\*|https?://[^\\s/]+)$' }), { maxItems: 100 }),
  anonymousUserTtlDays: Type.Integer({ minimum: 0, maximum: 36_500 }),
}, { additionalProperties: false });
const SettingsUpdate = Type.Partial(Settings, { additionalProperties: false });
const PublicApp = Type.Object({ _id: Type.String(), client_app_id: Type.String(), name: Type.String(), settings: Settings, created_at: Type.String() });
const AppParams = Type.Object({ appId: Type.String({ pattern: CLIENT_APP_ID_PATTERN }) });
const KeyParams = Type.Object({ appId: AppParams.properties.appId, keyId: ObjectId });

/** Only a presented token whose hash matches the stored one passes; compared in constant time. */
function requireAdminToken(adminTokenHash: Buffer): preHandlerAsyncHookHandler {
  return async (request) => {
    if (!secretMatchesHash(bearerToken(request), adminTokenHash)) throw new LatchkeyError('AuthError', 'invalid admin token');
  };
}

/** The admin API: apps, their server API keys, and users' custom data. */
export function adminRoutes(server: FastifyInstance, deps: Deps, adminTokenHash: Buffer): void {
  server.register(async (scope) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('preHandler', requireAdminToken(adminTokenHash));
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.header('cache-control', 'no-store');
      return payload;
    });

    app.get('/apps', { schema: { ...describeRoute(TAG, 'List apps', AUTH), response: { 200: Type.Array(PublicApp), ...ErrorResponses } } }, async () =>
      (await deps.store.listApps()).map(toPublicApp),
    );

    app.post('/apps', {
      schema: {
        ...describeRoute(TAG, 'Create an app', AUTH),
        body: Type.Object({ client_app_id: AppParams.properties.appId, name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), settings: Type.Optional(SettingsUpdate) }),
        response: { 201: PublicApp, ...ErrorResponses },
      },
    }, async (request, reply) => {
      const { client_app_id, name, settings } = request.body;
      const created = await createApp(deps, { clientAppId: client_app_id, name, settings });
      return reply.code(201).send(toPublicApp(created));
    });

    app.get('/apps/:appId', { schema: { ...describeRoute(TAG, 'One app', AUTH), params: AppParams, response: { 200: PublicApp, ...ErrorResponses } } }, async (request) =>
      toPublicApp(await findAppOrFail(deps, request.params.appId)),
    );

    app.patch('/apps/:appId', {
      schema: { ...describeRoute(TAG, "Change an app's settings", AUTH), params: AppParams, body: Type.Object({ settings: SettingsUpdate }), response: { 200: PublicApp, ...ErrorResponses } },
    }, async (request) => {
      const updated = await updateAppSettings(deps, request.params.appId, request.body.settings);
      return toPublicApp(updated);
    });

    app.post('/apps/:appId/api_keys', {
      schema: { ...describeRoute(TAG, 'Create a server API key: the secret is in this answer and never again', AUTH), params: AppParams, body: Type.Object({ name: KeyName }), response: { 201: CreatedKey, ...ErrorResponses } },
    }, async (request, reply) => {
      const created = await createServerApiKey(deps, await findAppOrFail(deps, request.params.appId), request.body.name);
      return reply.code(201).send(created);
    });

    app.get('/apps/:appId/api_keys', { schema: { ...describeRoute(TAG, "List an app's server API keys", AUTH), params: AppParams, response: { 200: Type.Array(PublicKey), ...ErrorResponses } } }, async (request) =>
      listApiKeys(deps, serverKeys(await findAppOrFail(deps, request.params.appId))),
    );

    app.get('/apps/:appId/api_keys/:keyId', { schema: { ...describeRoute(TAG, 'One server API key', AUTH), params: KeyParams, response: { 200: PublicKey, ...ErrorResponses } } }, async (request) =>
      getApiKey(deps, serverKeys(await findAppOrFail(deps, request.params.appId)), request.params.keyId),
    );

    for (const [action, disabled] of [['enable', false], ['disable', true]] as const) {
      app.put(`/apps/:appId/api_keys/:keyId/${action}`, { schema: { ...describeRoute(TAG, `${action === 'enable' ? 'Enable' : 'Disable'} a server API key`, AUTH), params: KeyParams, response: ErrorResponses } }, async (request, reply) => {
        await setApiKeyDisabled(deps, serverKeys(await findAppOrFail(deps, request.params.appId)), request.params.keyId, disabled);
        return noContent(reply);
      });
    }

    app.delete('/apps/:appId/api_keys/:keyId', { schema: { ...describeRoute(TAG, 'Delete a server API key and its server user', AUTH), params: KeyParams, response: ErrorResponses } }, async (request, reply) => {
      await deleteApiKey(deps, serverKeys(await findAppOrFail(deps, request.params.appId)), request.params.keyId);
      return noContent(reply);
    });

    adminUserRoutes(scope, deps);
  }, { prefix: ADMIN });
}
