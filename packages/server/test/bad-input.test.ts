import type { AccessTokenAnswer, ApiKey, CreatedApiKey, Location, LoginAnswer } from '@latchkey/protocol';
import { generateKeyPairSync } from 'node:crypto';
import { createSigner } from 'fast-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, CLIENT, signUp, startTestServer, type ApiResponse, type TestServer } from './harness.js';

/** Bad input of every kind gets a JSON 4xx with a code: never a 500, a hang or a stack trace. */
let server: TestServer;
let appId: string;
let user: Awaited<ReturnType<typeof signUp>>;

beforeAll(async () => {
  server = await startTestServer();
  appId = await server.createApp();
  user = await signUp(server, appId);
});
afterAll(() => server.close());

function expectError(response: ApiResponse<unknown>, status: number, code: string): void {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect({ status: response.status, code: response.body?.error_code }).toEqual({ status, code });
  expect(Object.keys(response.body).sort()).toEqual(['error', 'error_code']);
  expect(response.body.error).not.toMatch(/\n\s+at /);
}

const login = (provider: string) => `${CLIENT}/app/${appId}/auth/providers/${provider}/login`;

describe('addresses', () => {
  it('registers a mailbox under one spelling only: display names, groups, lists and quoted local parts are refused', async () => {
    for (const email of ['<v@x.example>', 'x:v@x.example;', 'v@x.example,', '"v"@x.example']) {
      const answer = await server.request('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/register`, {
        body: { email, password: 'squatting-password' },
      });
      expectError(answer, 400, 'InvalidParameter');
      expect(answer.body.error).toContain('plain address');
    }
  });
});

describe('malformed bodies', () => {
  it('refuses malformed JSON', async () => {
    const response = await server.request('POST', login('local-userpass'), {
      rawBody: '{"username": "a@b.c", ',
      headers: { 'content-type': 'application/json' },
    });
    expectError(response, 400, 'BadRequest');
  });

  it('refuses JSON that tries to pollute prototypes', async () => {
    const response = await server.request<CreatedApiKey>('POST', `${CLIENT}/auth/api_keys`, {
      token: user.refresh_token,
      rawBody: '{"name": "ok", "__proto__": {"admin": true}}',
      headers: { 'content-type': 'application/json' },
    });
    expectError(response, 400, 'BadRequest');
  });

  it('refuses wrong types instead of coercing them', async () => {
    expectError(
      await server.request<CreatedApiKey>('POST', `${CLIENT}/auth/api_keys`, { token: user.refresh_token, body: { name: 123 } }),
      400,
      'InvalidParameter',
    );
    expectError(
      await server.request<CreatedApiKey>('POST', `${CLIENT}/auth/api_keys`, { token: user.refresh_token, body: ['name'] }),
      400,
      'InvalidParameter',
    );
    expectError(
      await server.request('POST', login('local-userpass'), { body: { username: ['a'], password: {} } }),
      400,
      'InvalidParameter',
    );
    expectError(await server.request('POST', login('api-key'), { body: { key: null } }), 400, 'InvalidParameter');
    expectError(await server.request('POST', login('api-key'), { body: 'just a string' }), 400, 'InvalidParameter');
  });

  it('names missing parameters', async () => {
    expectError(await server.request('POST', login('api-key'), { body: {} }), 400, 'MissingParameter');
    expectError(
      await server.request('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/register`, { body: { email: 'x@y.z' } }),
      400,
      'MissingParameter',
    );
  });

  it('refuses huge bodies with 413', async () => {
    const response = await server.request('POST', login('api-key'), { body: { key: 'x'.repeat(1024 * 1024) } });
    expectError(response, 413, 'PayloadTooLarge');
  });

  it('refuses bodies that are not JSON with 415, text/plain included', async () => {
    const response = await server.request('POST', login('api-key'), {
      rawBody: 'key=abc',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectError(response, 415, 'UnsupportedMediaType');
    const text = await server.request('POST', login('api-key'), { rawBody: '{"key": "lku_x"}', headers: { 'content-type': 'text/plain' } });
    expectError(text, 415, 'UnsupportedMediaType');
  });

  it('refuses an invalid email and a short password at registration', async () => {
    const register = `${CLIENT}/app/${appId}/auth/providers/local-userpass/register`;
    expectError(
      await server.request('POST', register, { body: { email: 'not-an-email', password: 'long-enough' } }),
      400,
      'InvalidParameter',
    );
    expectError(await server.request('POST', register, { body: { email: 'ok@example.com', password: '12345' } }), 400, 'InvalidParameter');
  });

  it('treats the spellings of one address as one account, and refuses invisible or control characters', async () => {
    const register = (email: string) =>
      server.request('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/register`, { body: { email, password: 'long-enough' } });
    expect((await register('ren\u00e9@example.com')).status).toBe(201);
    expectError(await register('rene\u0301@example.com'), 409, 'AccountNameInUse');
    expect((await register('\uff4d\uff41\uff58@example.com')).status).toBe(201);
    expectError(await register('max@example.com'), 409, 'AccountNameInUse');
    for (const email of ['zero\u200bwidth@example.com', 'nul\u0000@example.com'])
      expectError(await register(email), 400, 'InvalidParameter');
    const decomposed = await server.request('POST', login('local-userpass'), {
      body: { username: 'RENE\u0301@example.com', password: 'long-enough' },
    });
    expect(decomposed.status).toBe(200);
    expectError(
      await server.request('POST', login('local-userpass'), { body: { username: 'nul\u0000@example.com', password: 'long-enough' } }),
      400,
      'InvalidParameter',
    );
  });

  it('refuses an unknown value for ?link', async () => {
    expectError(await server.request('POST', `${login('anon-user')}?link=maybe`, { body: {} }), 400, 'InvalidParameter');
  });
});

describe('malformed ids, apps, providers and routes', () => {
  it('answers an app id holding a NUL or any character no app id has with AppNotFound, on every store (found by the fuzz test on PostgreSQL)', async () => {
    for (const id of ['%00', 'a%00b', 'UPPER', '%E2%80%8Bdemo']) {
      expectError(await server.request('GET', `${CLIENT}/app/${id}/.well-known/jwks.json`), 404, 'AppNotFound');
      // The admin routes check the form first.
      expectError(await server.request('GET', `/api/admin/v1/apps/${id}/users`, { token: ADMIN_TOKEN }), 400, 'InvalidParameter');
    }
  });

  it('refuses malformed key ids with 400', async () => {
    for (const id of ['not-an-id', '123', 'G'.repeat(24), "1' OR '1'='1", '%00']) {
      expectError(
        await server.request<ApiKey>('GET', `${CLIENT}/auth/api_keys/${encodeURIComponent(id)}`, { token: user.refresh_token }),
        400,
        'InvalidParameter',
      );
      expectError(
        await server.request('PUT', `${CLIENT}/auth/api_keys/${encodeURIComponent(id)}/disable`, { token: user.refresh_token }),
        400,
        'InvalidParameter',
      );
    }
  });

  it('answers 404 APIKeyNotFound for a well-formed id that does not exist', async () => {
    expectError(
      await server.request<ApiKey>('GET', `${CLIENT}/auth/api_keys/${'a'.repeat(24)}`, { token: user.refresh_token }),
      404,
      'APIKeyNotFound',
    );
    expectError(
      await server.request('DELETE', `${CLIENT}/auth/api_keys/${'a'.repeat(24)}`, { token: user.refresh_token }),
      404,
      'APIKeyNotFound',
    );
  });

  it('answers 404 AppNotFound for an unknown app', async () => {
    expectError(await server.request<Location>('GET', `${CLIENT}/app/no-such-app/location`), 404, 'AppNotFound');
    expectError(
      await server.request<LoginAnswer>('POST', `${CLIENT}/app/no-such-app/auth/providers/anon-user/login`, { body: {} }),
      404,
      'AppNotFound',
    );
  });

  it('answers 404 AuthProviderNotFound for an unknown or disabled provider', async () => {
    expectError(await server.request('POST', login('oauth2-google'), { body: {} }), 404, 'AuthProviderNotFound');
    const closed = await server.createApp({ providers: ['local-userpass'] });
    const anonymous = await server.request<LoginAnswer>('POST', `${CLIENT}/app/${closed}/auth/providers/anon-user/login`, { body: {} });
    expectError(anonymous, 404, 'AuthProviderNotFound');
  });

  it('answers unknown routes with a JSON 404 that does not echo the path', async () => {
    const unknown = await server.request('GET', '/nope-<script>alert(1)</script>');
    expectError(unknown, 404, 'NotFound');
    expect(unknown.text).not.toContain('script');
    expectError(await server.request('PATCH', `${CLIENT}/auth/profile`), 404, 'NotFound');
  });

  it('answers a URL that is not valid percent-encoding with a JSON 400 that does not echo it', async () => {
    const response = await server.request<Location>('GET', `${CLIENT}/app/%E0%A4%A/location`);
    expectError(response, 400, 'BadRequest');
    expect(response.text).not.toContain('%E0');
    expect(response.headers.get('content-type')).toBe('application/json');
  });

  it('answers an over-long path segment with a JSON 400, not a 414 that echoes the path', async () => {
    const long = 'x'.repeat(2000);
    const response = await server.request<Location>('GET', `${CLIENT}/app/${long}/location`);
    expectError(response, 400, 'InvalidParameter');
    expect(response.text).not.toContain('xxxxxxxxxx');
  });

  it('never echoes the client app id or provider it could not find', async () => {
    const app = await server.request<Location>('GET', `${CLIENT}/app/echo-me-back/location`);
    expectError(app, 404, 'AppNotFound');
    expect(app.text).not.toContain('echo-me-back');
    const provider = await server.request('POST', login('echo-me-provider'), { body: {} });
    expectError(provider, 404, 'AuthProviderNotFound');
    expect(provider.text).not.toContain('echo-me');
  });
});

describe('malformed and misused tokens', () => {
  const profile = `${CLIENT}/auth/profile`;

  it('asks for authentication when the header is missing or not a bearer token', async () => {
    expectError(await server.request('GET', profile), 401, 'MissingAuthReq');
    expectError(await server.request('GET', profile, { headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'MissingAuthReq');
    expectError(await server.request('GET', profile, { headers: { authorization: 'Bearer' } }), 401, 'MissingAuthReq');
    expectError(await server.request<ApiKey[]>('GET', `${CLIENT}/auth/api_keys`), 401, 'MissingAuthReq');
  });

  it('refuses garbage, truncated and tampered access tokens as InvalidSession', async () => {
    const [header, payload, signature] = user.access_token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'f'.repeat(24) })).toString('base64url')}.${signature}`;
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    for (const token of ['garbage', `${header}.${payload}`, tampered, unsigned, 'a.b.c', user.access_token.slice(0, -2)]) {
      expectError(await server.request('GET', profile, { token }), 401, 'InvalidSession');
    }
  });

  it('refuses an access token signed by a key that is not ours', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const [header] = user.access_token.split('.') as [string];
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString());
    const claims = JSON.parse(Buffer.from(user.access_token.split('.')[1]!, 'base64url').toString());
    const forged = createSigner({ algorithm: 'EdDSA', key: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), kid })(claims);
    expectError(await server.request('GET', profile, { token: forged }), 401, 'InvalidSession');
  });

  it('does not accept a refresh token where an access token is needed, nor the reverse', async () => {
    expectError(await server.request('GET', profile, { token: user.refresh_token }), 401, 'InvalidSession');
    expectError(await server.request<ApiKey[]>('GET', `${CLIENT}/auth/api_keys`, { token: user.access_token }), 401, 'InvalidSession');
    expectError(
      await server.request<AccessTokenAnswer>('POST', `${CLIENT}/auth/session`, { token: user.access_token }),
      401,
      'InvalidSession',
    );
  });

  it('refuses refresh tokens with a broken checksum before looking them up', async () => {
    const last = user.refresh_token.at(-1) === 'a' ? 'b' : 'a';
    expectError(
      await server.request<AccessTokenAnswer>('POST', `${CLIENT}/auth/session`, { token: user.refresh_token.slice(0, -1) + last }),
      401,
      'InvalidSession',
    );
  });

  it('refuses malformed, mis-checksummed and unknown API keys with the same AuthError', async () => {
    const created = await server.request<CreatedApiKey>('POST', `${CLIENT}/auth/api_keys`, {
      token: user.refresh_token,
      body: { name: 'probe' },
    });
    const key: string = created.body.key;
    const flipped = key.slice(0, 10) + (key[10] === 'a' ? 'b' : 'a') + key.slice(11);
    const answers = [];
    for (const candidate of ['', 'lku_', 'hello', key.slice(0, -1), flipped, key.replace('lku_', 'lkr_'), `${key} `]) {
      const response = await server.request('POST', login('api-key'), { body: { key: candidate } });
      expectError(response, 401, 'AuthError');
      answers.push(response.body.error);
    }
    expect(new Set(answers).size).toBe(1);
  });
});
