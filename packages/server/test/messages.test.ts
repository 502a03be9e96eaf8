import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.js';
import { TEST_STORE } from '../src/store/postgres/test-database.js';
import { CLIENT, signUp, startTestServer, type TestServer } from './harness.js';

/**
 * What a person reads when a request or a setting is wrong: the field in wire spelling and what
 * it accepts, never a validator path (`body/…`), a regular expression or Ajv's wording. Every
 * message is exact, so a change of wording is a decision, seen in review.
 */
// Validation happens before any store is reached: the same on both, so run once, on SQLite.
const SQLITE = TEST_STORE === 'sqlite';
let server: TestServer;
let appId: string;
let refreshToken: string;
let userId: string;

beforeAll(async () => {
  if (!SQLITE) return;
  server = await startTestServer();
  appId = await server.createApp();
  const user = await signUp(server, appId);
  refreshToken = user.refresh_token;
  userId = user.user_id;
});
afterAll(() => server?.close());

type Case = [what: string, method: string, path: () => string, body: unknown, code: string, message: string];
const ADMIN = '';
const app = () => `${ADMIN}/apps/${appId}`;
const SETTINGS =
  'providers, accessTokenTtlSeconds, refreshTokenTtlSeconds, maxUserApiKeys, maxServerApiKeys, corsOrigins, anonymousUserTtlDays, autoConfirm, emailConfirmationUrl, confirmEmailSubject, resetPasswordUrl, resetPasswordSubject, confirmationWebhookUrl, resetWebhookUrl, emailTokenTtlMinutes, pendingRegistrationTtlDays, auditRetentionDays, apiKeyScopes, maxApiKeyLifetimeDays, acceptImportedKeys, customJwt, customFunctionWebhookUrl, oauthRedirectUris, google, apple, facebook';

const ADMIN_CASES: Case[] = [
  [
    'an unknown setting',
    'PATCH',
    app,
    { settings: { colour: 'blue' } },
    'InvalidParameter',
    `settings.colour is not a setting (known: ${SETTINGS})`,
  ],
  [
    'a misspelt setting',
    'PATCH',
    app,
    { settings: { autoconfirm: true } },
    'InvalidParameter',
    'settings.autoconfirm is not a setting: did you mean settings.autoConfirm?',
  ],
  [
    'a lifetime too short',
    'PATCH',
    app,
    { settings: { accessTokenTtlSeconds: 5 } },
    'InvalidParameter',
    'settings.accessTokenTtlSeconds must be a whole number from 60 to 86400 seconds (1 minute to 1 day)',
  ],
  [
    'a lifetime as text',
    'PATCH',
    app,
    { settings: { refreshTokenTtlSeconds: '1d' } },
    'InvalidParameter',
    'settings.refreshTokenTtlSeconds must be a whole number from 300 to 31536000 seconds (5 minutes to 365 days)',
  ],
  [
    'a key limit too high',
    'PATCH',
    app,
    { settings: { maxUserApiKeys: 5000 } },
    'InvalidParameter',
    'settings.maxUserApiKeys must be a whole number from 0 to 1000',
  ],
  [
    'days out of range',
    'PATCH',
    app,
    { settings: { pendingRegistrationTtlDays: 0 } },
    'InvalidParameter',
    'settings.pendingRegistrationTtlDays must be a whole number from 1 to 365 days (1 day to 365 days)',
  ],
  [
    'a boolean as text',
    'PATCH',
    app,
    { settings: { autoConfirm: 'yes' } },
    'InvalidParameter',
    'settings.autoConfirm must be true or false',
  ],
  [
    'a URL setting that is not a URL',
    'PATCH',
    app,
    { settings: { resetPasswordUrl: 'example.com/reset' } },
    'InvalidParameter',
    'settings.resetPasswordUrl must be an absolute http:// or https:// URL, or null',
  ],
  [
    'a CORS origin with a path',
    'PATCH',
    app,
    { settings: { corsOrigins: ['https://a.example/app'] } },
    'InvalidParameter',
    'settings.corsOrigins[0] must be an origin such as https://app.example.com (scheme and host, no path), or *',
  ],
  [
    'a list given as text',
    'PATCH',
    app,
    { settings: { corsOrigins: 'https://a.example' } },
    'InvalidParameter',
    'settings.corsOrigins must be a list',
  ],
  [
    'an unknown provider',
    'PATCH',
    app,
    { settings: { providers: ['github'] } },
    'InvalidParameter',
    'settings.providers[0] must be one of: local-userpass, anon-user, api-key, custom-token, custom-function, oauth2-google, oauth2-apple, oauth2-facebook',
  ],
  [
    'a scope listed twice',
    'PATCH',
    app,
    { settings: { apiKeyScopes: ['read', 'read'] } },
    'InvalidParameter',
    'settings.apiKeyScopes must not list the same entry twice',
  ],
  [
    'a scope with a space',
    'PATCH',
    app,
    { settings: { apiKeyScopes: ['read all'] } },
    'InvalidParameter',
    'settings.apiKeyScopes[0] must be 1 to 64 letters, digits or the characters _ . : / -',
  ],
  [
    'a JWT algorithm not offered',
    'PATCH',
    app,
    { settings: { customJwt: { algorithm: 'none' } } },
    'InvalidParameter',
    'settings.customJwt.algorithm must be one of: RS256, HS256, ES256, EdDSA',
  ],
  ['no settings at all', 'PATCH', app, {}, 'MissingParameter', 'settings is required'],
  [
    'an empty subject',
    'PATCH',
    app,
    { settings: { confirmEmailSubject: '' } },
    'InvalidParameter',
    'settings.confirmEmailSubject must be 1 to 200 characters long',
  ],
  [
    'a bad client app id',
    'POST',
    () => `${ADMIN}/apps`,
    { client_app_id: 'My App' },
    'InvalidParameter',
    'client_app_id must be up to 64 lower-case letters, digits or hyphens, starting with a letter or digit',
  ],
  ['an app with no id', 'POST', () => `${ADMIN}/apps`, { name: 'x' }, 'MissingParameter', 'client_app_id is required'],
  [
    'an unknown audit type',
    'GET',
    () => `${app()}/audit?type=login.fail`,
    undefined,
    'InvalidParameter',
    'type must be one of: user.registered, user.confirmed, user.created, user.disabled, user.enabled, user.deleted, identity.linked, login.succeeded, login.failed, sessions.revoked, password.reset, key.created, key.enabled, key.disabled, key.deleted, key.rotated, key.revoked_as_leaked, custom_data.changed, app.created, app.settings_changed, app.webhook_secret_rotated, app.imported, users.imported, custom_data.imported, password.reset_campaign',
  ],
  [
    'an audit user given by email',
    'GET',
    () => `${app()}/audit?user_id=ada@example.com`,
    undefined,
    'InvalidParameter',
    'user_id must be an id of 24 hexadecimal digits (0-9, a-f)',
  ],
  [
    'an audit time that is not a time',
    'GET',
    () => `${app()}/audit?since=yesterday`,
    undefined,
    'InvalidParameter',
    'since must be a date and time in RFC 3339 form, e.g. 2026-11-23T10:00:00Z',
  ],
  [
    'an unknown query parameter',
    'GET',
    () => `${app()}/audit?kind=x`,
    undefined,
    'InvalidParameter',
    'kind is not a query parameter here (known: after, limit, type, user_id, key_id, since, until)',
  ],
  [
    'a page too long',
    'GET',
    () => `${app()}/users?limit=5000`,
    undefined,
    'InvalidParameter',
    'limit must be a whole number from 1 to 1000',
  ],
  [
    'a page size that is not a number',
    'GET',
    () => `${app()}/users?limit=ten`,
    undefined,
    'InvalidParameter',
    'limit must be a whole number from 1 to 1000',
  ],
  [
    'a filter that is not a boolean',
    'GET',
    () => `${app()}/users?disabled=maybe`,
    undefined,
    'InvalidParameter',
    'disabled must be true or false',
  ],
  [
    'stats over too many hours',
    'GET',
    () => `${app()}/stats?hours=0`,
    undefined,
    'InvalidParameter',
    'hours must be a whole number from 1 to 744',
  ],
  [
    'a user id that is not one',
    'GET',
    () => `${app()}/users/ada`,
    undefined,
    'InvalidParameter',
    'userId must be an id of 24 hexadecimal digits (0-9, a-f)',
  ],
  [
    'a server key name with a space',
    'POST',
    () => `${app()}/api_keys`,
    { name: 'my worker' },
    'InvalidParameter',
    'name must be 1 to 64 letters, digits, underscores or hyphens',
  ],
  ['a user with no password', 'POST', () => `${app()}/users`, { email: 'ada@example.com' }, 'MissingParameter', 'password is required'],
  [
    'a user with an extra field',
    'POST',
    () => `${app()}/users`,
    { email: 'ada@example.com', password: 'long enough', role: 'admin' },
    'InvalidParameter',
    'role is not a field here (known: email, password)',
  ],
  [
    'custom data that is not an object',
    'PUT',
    () => `${app()}/users/${userId}/custom_data`,
    [1, 2],
    'InvalidParameter',
    'the request body must be an object',
  ],
];

const CLIENT_CASES: Case[] = [
  [
    'a key name too long',
    'POST',
    () => `${CLIENT}/auth/api_keys`,
    { name: 'k'.repeat(65) },
    'InvalidParameter',
    'name must be 1 to 64 letters, digits, underscores or hyphens',
  ],
  [
    'a key name as a number',
    'POST',
    () => `${CLIENT}/auth/api_keys`,
    { name: 123 },
    'InvalidParameter',
    'name must be 1 to 64 letters, digits, underscores or hyphens',
  ],
  ['a key with no name', 'POST', () => `${CLIENT}/auth/api_keys`, {}, 'MissingParameter', 'name is required'],
  [
    'an expiry that is not a time',
    'POST',
    () => `${CLIENT}/auth/api_keys`,
    { name: 'k', expires_at: 'tomorrow' },
    'InvalidParameter',
    'expires_at must be a date and time in RFC 3339 form, e.g. 2026-11-23T10:00:00Z',
  ],
  [
    'too many scopes',
    'POST',
    () => `${CLIENT}/auth/api_keys`,
    { name: 'k', scopes: Array.from({ length: 51 }, (_, i) => `s${i}`) },
    'InvalidParameter',
    'scopes must list at most 50 entries',
  ],
  [
    'a rotation grace too long',
    'POST',
    () => `${CLIENT}/auth/api_keys/${'a'.repeat(24)}/rotate`,
    { grace_seconds: 999999999 },
    'InvalidParameter',
    'grace_seconds must be a whole number from 0 to 604800 seconds (0 to 7 days)',
  ],
  [
    'a key id that is not one',
    'GET',
    () => `${CLIENT}/auth/api_keys/abc`,
    undefined,
    'InvalidParameter',
    'keyId must be an id of 24 hexadecimal digits (0-9, a-f)',
  ],
  ['no leaked keys named', 'POST', () => `${CLIENT}/api_keys/revoke`, { keys: [] }, 'InvalidParameter', 'keys must list at least 1 entry'],
];

describe.runIf(SQLITE).each([
  ['the admin API', ADMIN_CASES, 'admin'],
  ['the client API', CLIENT_CASES, 'client'],
] as const)('%s says what is wrong in words', (_, cases, who) => {
  it.each(cases)('%s', async (_what, method, path, body, code, message) => {
    const answer =
      who === 'admin'
        ? await server.admin(method, path(), body)
        : await server.request(method, path(), { token: refreshToken, ...(body !== undefined ? { body } : {}) });
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: message, error_code: code });
  });
});

const ENVIRONMENT_CASES: [Record<string, string>, string][] = [
  [{ LATCHKEY_LOG_LEVEL: 'verbose' }, 'LATCHKEY_LOG_LEVEL must be one of: fatal, error, warn, info, debug, trace, silent'],
  [{ PORT: 'eighty' }, 'PORT must be a whole number from 0 to 65535'],
  [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535'],
  [
    { DATABASE_URL: 'mysql://db/x' },
    'DATABASE_URL must be a PostgreSQL connection URL such as postgres://user@db.example.com:5432/latchkey',
  ],
  [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL must be a Redis URL such as redis://127.0.0.1:6379 (rediss:// for TLS)'],
  [
    { LATCHKEY_PUBLIC_URL: 'auth.example.com' },
    'LATCHKEY_PUBLIC_URL must be the http:// or https:// URL clients reach the server at, such as https://auth.example.com',
  ],
  [
    { LATCHKEY_TRUST_PROXY: 'yes' },
    "LATCHKEY_TRUST_PROXY must be true, false, a number of proxy hops (0-99), or the proxies' addresses or CIDRs separated by commas",
  ],
  [{ LATCHKEY_METRICS: 'on' }, 'LATCHKEY_METRICS must be one of: true, false'],
  [{ LATCHKEY_LOG_FORMAT: 'text' }, 'LATCHKEY_LOG_FORMAT must be one of: json, pretty'],
  [
    { LATCHKEY_REQUEST_TIMEOUT_SECONDS: '0' },
    'LATCHKEY_REQUEST_TIMEOUT_SECONDS must be a whole number from 1 to 3600 seconds (1 second to 1 hour)',
  ],
  [
    { LATCHKEY_SMTP_URL: 'mail.example.com' },
    'LATCHKEY_SMTP_URL must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example.com:587',
  ],
  [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute http:// or https:// URL'],
  [{ LATCHKEY_SECRET_KEY: 'short' }, 'LATCHKEY_SECRET_KEY must be 43 to 64 characters long'],
  [
    { PORT: 'x', LATCHKEY_LOG_LEVEL: 'loud' },
    'PORT must be a whole number from 0 to 65535; LATCHKEY_LOG_LEVEL must be one of: fatal, error, warn, info, debug, trace, silent',
  ],
];

describe.runIf(SQLITE)('the environment says what is wrong in words, once per variable', () => {
  it.each(ENVIRONMENT_CASES)('%o', (env, message) => {
    expect(() => parseConfig(env)).toThrow(new ConfigError(`invalid configuration: ${message}`));
  });

  it('never repeats a value it was given (it may be a secret)', () => {
    expect(() => parseConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x' })).toThrow(/^(?!.*hunter2)/);
  });
});
