import type { CreatedApiKey } from '@latchkey/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTableOf } from '../src/http/route-table.js';
import { TEST_STORE } from '../src/store/postgres/test-database.js';
import { ADMIN_TOKEN, CLIENT, requestFrom, signUp, startTestServer, type TestServer } from './harness.js';

/**
 * Every route the server registers × every kind of credential → the status it must answer.
 * The routes come from the server's own route table (hidden and HEAD routes included), so a
 * route added without a row in MATRIX fails here. Routes that change what the credentials
 * stand on (logout, delete, disable, rotate) each get a world of their own.
 */

const KINDS = [
  'none',
  'garbage',
  'expired',
  'swapped',
  'revoked',
  'disabledUser',
  'admin',
  'anotherUser',
  'anotherApp',
  'anotherAppServer',
  'anonymous',
  'keySession',
  'serverUser',
  'owner', // last: what the owner does (delete, rotate, log out) must not decide what the others see
] as const;
type Kind = (typeof KINDS)[number];
type Expected = Record<Kind, number>;

/** Client routes that take a token: refused (401) with no, bad, expired, swapped, revoked or disabled-user tokens and the admin token. */
const REFUSED: Kind[] = ['none', 'garbage', 'expired', 'swapped', 'revoked', 'disabledUser', 'admin'];

function byKind(ok: number, refused: number, overrides: Partial<Expected>): Expected {
  const expected = Object.fromEntries(KINDS.map((kind) => [kind, REFUSED.includes(kind) ? refused : ok])) as Expected;
  return { ...expected, ...overrides };
}
/** Same answer whoever asks: the route reads no credential. */
const open = (status: number, overrides: Partial<Expected> = {}): Expected =>
  ({ ...Object.fromEntries(KINDS.map((kind) => [kind, status])), ...overrides }) as Expected;
/** Needs an access token of a live session. */
const access = (ok: number, overrides: Partial<Expected> = {}) => byKind(ok, 401, overrides);
/** Needs a refresh token of a live session. */
const refresh = (ok: number, overrides: Partial<Expected> = {}) => byKind(ok, 401, overrides);
/** Only the admin token; everything else (a user's tokens included) is 401. */
const adminOnly = (ok: number): Expected => open(401, { admin: ok });
/** A key-session refusal (403) for every session opened with an API key. */
const KEY_SESSIONS_REFUSED: Partial<Expected> = { keySession: 403, serverUser: 403, anotherAppServer: 403 };

interface Row {
  expected: Expected;
  /** Which of a kind's tokens the request carries (default access; refresh routes send refresh, `swapped` the other one). */
  token?: 'access' | 'refresh';
  body?: (world: World) => unknown;
  /** A query string the route needs (`?…`). */
  query?: string;
  /** The route changes the world (logs out, deletes, disables, rotates): run it on a fresh one. */
  fresh?: true;
}

const C = CLIENT;
const A = '/api/admin/v1';
const P = `${C}/app/:appId/auth/providers/local-userpass`;
let unique = 0;
const uniqueName = (prefix: string) => `${prefix}-${process.pid}-${++unique}`;
const PASSWORD = 'correct horse battery';

const NOT_SUPPORTED = ['functions/*', 'realm-sync', 'realm-sync/*', 'push/*', 'graphql'].flatMap((path) =>
  ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((method): [string, Row] => [`${method} ${C}/app/:appId/${path}`, { expected: open(501) }]),
);

const MATRIX: Record<string, Row> = {
  'GET /openapi.json': { expected: open(200) },
  'OPTIONS /api/client/*': { expected: open(204) },
  'GET /health': { expected: open(200) },
  // The console's static files (its data comes from the admin API, with the admin token).
  'GET /': { expected: open(302) },
  'GET /ready': { expected: open(200) },
  'GET /console': { expected: open(302) },
  'GET /console/*': { expected: open(200) },
  'GET /metrics': { expected: adminOnly(200) },
  [`GET ${C}/app/:appId/location`]: { expected: open(200) },
  [`POST ${P}/register`]: { expected: open(201), body: () => ({ email: `${uniqueName('new')}@example.com`, password: PASSWORD }) },
  [`POST ${P}/confirm`]: { expected: open(400), body: () => ({ token: 'a'.repeat(64), tokenId: 'b'.repeat(24) }) },
  // The mail and webhook flows are not configured in this app (400 NotConfigured), the same for every caller: they read no credential.
  [`POST ${P}/confirm/send`]: { expected: open(400), body: (w) => ({ email: w.owner.email }) },
  [`POST ${P}/confirm/call`]: { expected: open(400), body: (w) => ({ email: w.owner.email }) },
  [`POST ${P}/reset/send`]: { expected: open(400), body: (w) => ({ email: w.owner.email }) },
  [`POST ${P}/reset`]: { expected: open(400), body: () => ({ token: 'a'.repeat(64), tokenId: 'b'.repeat(24), password: PASSWORD }) },
  [`POST ${P}/reset/call`]: { expected: open(400), body: (w) => ({ email: w.owner.email, password: PASSWORD }) },
  [`POST ${P}/login`]: { expected: open(200), body: (w) => ({ username: w.owner.email, password: PASSWORD }) },
  [`POST ${C}/app/:appId/auth/providers/anon-user/login`]: { expected: open(200) },
  [`POST ${C}/app/:appId/auth/providers/api-key/login`]: { expected: open(200), body: (w) => ({ key: w.owner.keySecret }) },
  // The matrix's app has neither provider set up: each is refused alike, whoever asks.
  [`POST ${C}/app/:appId/auth/providers/custom-token/login`]: { expected: open(404), body: () => ({ token: 'x' }) },
  [`POST ${C}/app/:appId/auth/providers/custom-function/login`]: { expected: open(404), body: () => ({ username: 'x' }) },
  [`POST ${C}/app/:appId/auth/providers/oauth2-google/login`]: { expected: open(404), body: () => ({ id_token: 'x' }) },
  [`POST ${C}/app/:appId/auth/providers/oauth2-apple/login`]: { expected: open(404), body: () => ({ id_token: 'x' }) },
  [`POST ${C}/app/:appId/auth/providers/oauth2-facebook/login`]: { expected: open(404), body: () => ({ accessToken: 'x' }) },
  [`POST ${C}/app/:appId/auth/providers/:provider/login`]: { expected: open(404), body: () => ({ token: 'x' }) },
  // The redirect logins: the matrix's app has neither provider set up; a state Latchkey did not seal is refused.
  [`GET ${C}/app/:appId/auth/providers/oauth2-google/login`]: {
    expected: open(404),
    query: '?redirect=https%3A%2F%2Fa.example%2F&state=s',
  },
  [`GET ${C}/app/:appId/auth/providers/oauth2-apple/login`]: { expected: open(404), query: '?redirect=https%3A%2F%2Fa.example%2F&state=s' },
  [`GET ${C}/app/:appId/auth/providers/oauth2-facebook/login`]: {
    expected: open(404),
    query: '?redirect=https%3A%2F%2Fa.example%2F&state=s',
  },
  [`GET ${C}/auth/callback`]: { expected: open(400), query: '?code=x&state=not.sealed.here' },
  [`POST ${C}/auth/callback`]: { expected: open(400), body: () => ({ code: 'x', state: 'not.sealed.here' }) },
  [`GET ${C}/auth/profile`]: { expected: access(200) },
  [`DELETE ${C}/auth/delete`]: { expected: access(204, KEY_SESSIONS_REFUSED), fresh: true },
  [`POST ${C}/auth/session`]: { expected: refresh(201), token: 'refresh' },
  [`DELETE ${C}/auth/session`]: { expected: refresh(204), token: 'refresh', fresh: true },
  [`POST ${C}/auth/api_keys`]: {
    expected: refresh(201, { ...KEY_SESSIONS_REFUSED, anonymous: 403 }),
    token: 'refresh',
    body: () => ({ name: uniqueName('key') }),
  },
  [`GET ${C}/auth/api_keys`]: { expected: refresh(200), token: 'refresh' },
  // A key id reaches only its owner's keys: anyone else's session finds nothing (404), and a key session may not change keys (403).
  [`GET ${C}/auth/api_keys/:keyId`]: {
    expected: refresh(200, { anotherUser: 404, anotherApp: 404, anotherAppServer: 404, anonymous: 404, serverUser: 404 }),
    token: 'refresh',
  },
  [`POST ${C}/auth/api_keys/:keyId/rotate`]: {
    expected: refresh(201, { ...KEY_SESSIONS_REFUSED, anotherUser: 404, anotherApp: 404, anonymous: 404 }),
    token: 'refresh',
    body: () => ({ grace_seconds: 0 }),
    fresh: true,
  },
  [`PUT ${C}/auth/api_keys/:keyId/enable`]: {
    expected: refresh(204, { ...KEY_SESSIONS_REFUSED, anotherUser: 404, anotherApp: 404, anonymous: 404 }),
    token: 'refresh',
  },
  [`PUT ${C}/auth/api_keys/:keyId/disable`]: {
    expected: refresh(204, { ...KEY_SESSIONS_REFUSED, anotherUser: 404, anotherApp: 404, anonymous: 404 }),
    token: 'refresh',
    fresh: true,
  },
  [`DELETE ${C}/auth/api_keys/:keyId`]: {
    expected: refresh(204, { ...KEY_SESSIONS_REFUSED, anotherUser: 404, anotherApp: 404, anonymous: 404 }),
    token: 'refresh',
    fresh: true,
  },
  // Revoking a leaked secret needs no credential: holding the secret is the proof.
  [`POST ${C}/api_keys/revoke`]: { expected: open(202), body: () => ({ keys: ['lku_not-a-real-key'] }) },
  // Only the app's own server-key sessions may verify its keys.
  [`POST ${C}/app/:appId/auth/api_keys/verify`]: {
    expected: access(403, { serverUser: 200 }),
    body: (w) => ({ key: w.owner.keySecret }),
  },
  'GET /.well-known/jwks.json': { expected: open(200) },
  [`GET ${C}/app/:appId/.well-known/jwks.json`]: { expected: open(200) },
  ...Object.fromEntries(NOT_SUPPORTED),
  [`GET ${A}/apps`]: { expected: adminOnly(200) },
  [`POST ${A}/apps`]: { expected: adminOnly(201), body: () => ({ client_app_id: uniqueName('app') }) },
  [`GET ${A}/apps/:appId`]: { expected: adminOnly(200) },
  [`PATCH ${A}/apps/:appId`]: { expected: adminOnly(200), body: () => ({ settings: { maxUserApiKeys: 20 } }) },
  [`DELETE ${A}/apps/:appId`]: { expected: adminOnly(204), fresh: true },
  [`POST ${A}/apps/:appId/api_keys`]: { expected: adminOnly(201), body: () => ({ name: uniqueName('server') }) },
  [`GET ${A}/apps/:appId/api_keys`]: { expected: adminOnly(200) },
  [`GET ${A}/apps/:appId/api_keys/:keyId`]: { expected: adminOnly(200) },
  [`PUT ${A}/apps/:appId/api_keys/:keyId/enable`]: { expected: adminOnly(204) },
  [`PUT ${A}/apps/:appId/api_keys/:keyId/disable`]: { expected: adminOnly(204), fresh: true },
  [`DELETE ${A}/apps/:appId/api_keys/:keyId`]: { expected: adminOnly(204), fresh: true },
  [`GET ${A}/apps/:appId/users`]: { expected: adminOnly(200) },
  [`POST ${A}/apps/:appId/users`]: {
    expected: adminOnly(201),
    body: () => ({ email: `${uniqueName('made')}@example.com`, password: PASSWORD }),
  },
  [`GET ${A}/apps/:appId/users/:userId`]: { expected: adminOnly(200) },
  [`DELETE ${A}/apps/:appId/users/:userId`]: { expected: adminOnly(204), fresh: true },
  [`PUT ${A}/apps/:appId/users/:userId/disable`]: { expected: adminOnly(204), fresh: true },
  [`PUT ${A}/apps/:appId/users/:userId/enable`]: { expected: adminOnly(204) },
  [`PUT ${A}/apps/:appId/users/:userId/logout`]: { expected: adminOnly(204), fresh: true },
  [`GET ${A}/apps/:appId/users/:userId/custom_data`]: { expected: adminOnly(200) },
  [`PUT ${A}/apps/:appId/users/:userId/custom_data`]: { expected: adminOnly(204), body: () => ({ plan: 'pro' }) },
  [`GET ${A}/apps/:appId/users/:userId/api_keys`]: { expected: adminOnly(200) },
  [`GET ${A}/apps/:appId/users/:userId/api_keys/:keyId`]: { expected: adminOnly(200) },
  [`PUT ${A}/apps/:appId/users/:userId/api_keys/:keyId/disable`]: { expected: adminOnly(204), fresh: true },
  [`PUT ${A}/apps/:appId/users/:userId/api_keys/:keyId/enable`]: { expected: adminOnly(204) },
  [`DELETE ${A}/apps/:appId/users/:userId/api_keys/:keyId`]: { expected: adminOnly(204), fresh: true },
  [`GET ${A}/apps/:appId/user_registrations/pending`]: { expected: adminOnly(200) },
  [`POST ${A}/apps/:appId/user_registrations/by_email/:email/confirm`]: { expected: adminOnly(409) },
  [`POST ${A}/apps/:appId/user_registrations/by_email/:email/send_confirm`]: { expected: adminOnly(409) },
  [`POST ${A}/apps/:appId/webhook_secret`]: { expected: adminOnly(201) },
  [`GET ${A}/mail_outbox`]: { expected: adminOnly(200) },
  [`POST ${A}/mail_outbox/retry`]: { expected: adminOnly(200) },
  [`GET ${A}/apps/:appId/audit`]: { expected: adminOnly(200) },
  [`GET ${A}/apps/:appId/stats`]: { expected: adminOnly(200) },
  // PostgreSQL is backed up with its own tools: the admin is told so (409).
  [`POST ${A}/backup`]: { expected: adminOnly(TEST_STORE === 'postgres' ? 409 : 200) },
  [`GET ${A}/deployment/export`]: { expected: adminOnly(200), query: '?include_clear_secrets=true' },
  // This server holds users: an import into it is refused unless merging (409).
  [`POST ${A}/deployment/import`]: {
    expected: adminOnly(409),
    body: () => ({ header: JSON.stringify({ format: 'latchkey-deployment', version: 1, schema: 1, secrets: 'clear' }) }),
  },
  // Its body is JSON Lines: sent as JSON here, the admin is told so (415).
  [`POST ${A}/deployment/import/:importId/lines`]: { expected: adminOnly(415), query: '?from=2', body: () => [] },
  [`DELETE ${A}/deployment/import`]: { expected: adminOnly(200) },
  [`POST ${A}/apps/import`]: {
    expected: adminOnly(201),
    body: () => ({ files: { 'realm_config.json': { app_id: uniqueName('moved') } } }),
  },
  [`POST ${A}/apps/:appId/import/users`]: { expected: adminOnly(200), body: () => [] },
  [`POST ${A}/apps/:appId/import/custom_data`]: { expected: adminOnly(200), body: () => [] },
  // This server sends no mail, which the campaign needs: the admin is told so (400).
  [`POST ${A}/apps/:appId/users/password_resets`]: { expected: adminOnly(400), body: () => ({}) },
  [`GET ${A}/signing_keys`]: { expected: adminOnly(200) },
  [`POST ${A}/signing_keys/rotate`]: { expected: adminOnly(200) },
};

interface Tokens {
  access: string;
  refresh: string;
}

/** The fixtures one route runs against: an app, its users and keys, and a token pair for each kind of credential. */
interface World {
  clientAppId: string;
  owner: { userId: string; email: string; keyId: string; keySecret: string };
  serverKeyId: string;
  tokens: Record<Exclude<Kind, 'none' | 'garbage' | 'admin'>, Tokens>;
}

/** What outlives a world: a credential that is refused whatever a route changes. */
interface Shared {
  expired: Tokens;
}

let server: TestServer;
let offset = 0;
let shared: Shared;
let world: World;

const pair = (login: { access_token: string; refresh_token: string }): Tokens => ({
  access: login.access_token,
  refresh: login.refresh_token,
});

async function post<T = any>(path: string, options: { token?: string; body?: unknown } = {}): Promise<T> {
  const answer = await server.request<T>('POST', path, options);
  if (answer.status >= 300) throw new Error(`POST ${path}: ${answer.status} ${answer.text}`);
  return answer.body;
}

async function keyLogin(clientAppId: string, key: string): Promise<Tokens> {
  return pair(await post(`${C}/app/${clientAppId}/auth/providers/api-key/login`, { body: { key } }));
}

async function serverKey(clientAppId: string): Promise<{ _id: string; key: string }> {
  const created = await server.admin<CreatedApiKey>('POST', `/apps/${clientAppId}/api_keys`, { name: uniqueName('server') });
  if (created.status !== 201) throw new Error(`server key: ${created.text}`);
  return created.body;
}

async function passwordLogin(clientAppId: string, email: string): Promise<Tokens> {
  return pair(await post(`${P.replace(':appId', clientAppId)}/login`, { body: { username: email, password: PASSWORD } }));
}

async function buildWorld(): Promise<World> {
  const clientAppId = await server.createApp();
  const owner = await signUp(server, clientAppId);
  const key = await post<{ _id: string; key: string }>(`${C}/auth/api_keys`, { token: owner.refresh_token, body: { name: 'device' } });
  const revoked = await passwordLogin(clientAppId, owner.email);
  const loggedOut = await server.request('DELETE', `${C}/auth/session`, { token: revoked.refresh });
  expect(loggedOut.status).toBe(204);
  const disabled = await signUp(server, clientAppId);
  const disabling = await server.admin('PUT', `/apps/${clientAppId}/users/${disabled.user_id}/disable`);
  expect(disabling.status).toBe(204);
  const server_ = await serverKey(clientAppId);
  const otherApp = await server.createApp();
  return {
    clientAppId,
    owner: { userId: owner.user_id, email: owner.email, keyId: key._id, keySecret: key.key },
    serverKeyId: server_._id,
    tokens: {
      ...shared,
      owner: pair(owner),
      swapped: { access: owner.refresh_token, refresh: owner.access_token },
      revoked,
      disabledUser: pair(disabled),
      anotherUser: pair(await signUp(server, clientAppId)),
      anonymous: pair(await post(`${C}/app/${clientAppId}/auth/providers/anon-user/login`)),
      keySession: await keyLogin(clientAppId, key.key),
      serverUser: await keyLogin(clientAppId, server_.key),
      anotherApp: pair(await signUp(server, otherApp)),
      anotherAppServer: await keyLogin(otherApp, (await serverKey(otherApp)).key),
    },
  };
}

/** Fills a route pattern from the world: the owner's user and key, or for server-key routes the server key. */
function pathOf(url: string, w: World): string {
  const keyId = url.startsWith(`${A}/apps/:appId/api_keys`) ? w.serverKeyId : w.owner.keyId;
  return url
    .replace(':appId', w.clientAppId)
    .replace(':userId', w.owner.userId)
    .replace(':keyId', keyId)
    .replace(':email', encodeURIComponent(w.owner.email))
    .replace(':importId', '0123456789abcdef01234567')
    .replace(':provider', 'custom-token')
    .replace('*', url.startsWith('/console/') ? 'index.html' : 'anything');
}

function authorizationOf(kind: Kind, row: Row, w: World): string | undefined {
  if (kind === 'none') return undefined;
  if (kind === 'garbage') return 'Bearer not.a.token';
  if (kind === 'admin') return `Bearer ${ADMIN_TOKEN}`;
  return `Bearer ${w.tokens[kind][row.token ?? 'access']}`;
}

let sent = 0;
const nextSourceAddress = () => `127.1.${(++sent >> 8) & 255}.${sent & 255 || 1}`;

async function answerOf(method: string, url: string, row: Row, kind: Kind, w: World): Promise<number> {
  const headers: Record<string, string> = {};
  const authorization = authorizationOf(kind, row, w);
  if (authorization) headers.authorization = authorization;
  if (method === 'OPTIONS') {
    headers.origin = 'https://example.com';
    headers['access-control-request-method'] = 'POST';
  }
  const body = row.body?.(w);
  if (body !== undefined) headers['content-type'] = 'application/json';
  // Each request from an address of its own: the wrong admin tokens the matrix presents would
  // otherwise add up to the admin API's per-address limit (tested in admin-guard.security.test.ts).
  const response = await requestFrom(nextSourceAddress(), server.url, method, pathOf(url, w) + (row.query ?? ''), {
    headers,
    ...(body === undefined ? {} : { rawBody: JSON.stringify(body) }),
  });
  const text = response.text;
  if (process.env.MATRIX_DEBUG && response.status >= 400) console.log(method, url, kind, response.status, text);
  if (response.status >= 400 && method !== 'HEAD') {
    // Every refusal is our JSON error, whoever asked.
    expect(response.headers.get('content-type'), `${method} ${url} as ${kind}`).toBe('application/json');
    expect(JSON.parse(text), `${method} ${url} as ${kind}`).toHaveProperty('error_code');
  }
  return response.status;
}

beforeAll(async () => {
  const clock = { now: () => Date.now() + offset };
  server = await startTestServer({ clock, env: { LATCHKEY_METRICS: 'true' } });
  // Tokens issued two hours ago: the access token and (in an app with 5-minute sessions) the refresh token are long expired.
  offset = -2 * 3600 * 1000;
  const shortLived = await server.createApp({ accessTokenTtlSeconds: 60, refreshTokenTtlSeconds: 300 });
  const old = await signUp(server, shortLived);
  offset = 0;
  shared = { expired: pair(old) };
  world = await buildWorld();
});
afterAll(() => server?.close());

describe('authorization matrix', () => {
  it('has a row for every route the server registers, and no row for a route it does not', () => {
    const registered = routeTableOf(server.latchkey.server)
      .filter((route) => route.method !== 'HEAD')
      .map((route) => `${route.method} ${route.url}`);
    expect(registered.filter((route) => !(route in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((route) => !registered.includes(route))).toEqual([]);
  });

  it('answers every route × credential kind as the matrix says (HEAD as its GET)', async () => {
    const routes = routeTableOf(server.latchkey.server);
    const mismatches: string[] = [];
    for (const { method, url } of routes) {
      const row = MATRIX[`${method === 'HEAD' ? 'GET' : method} ${url}`];
      if (!row) continue; // the test above names it
      const w = row.fresh ? await buildWorld() : world;
      for (const kind of KINDS) {
        const status = await answerOf(method, url, row, kind, w);
        if (status !== row.expected[kind]) mismatches.push(`${method} ${url} as ${kind}: ${status}, expected ${row.expected[kind]}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
