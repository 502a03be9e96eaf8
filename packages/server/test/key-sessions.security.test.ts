import type { ApiKey, CreatedApiKey, LoginAnswer, Profile } from '@latchkey/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT, signUp, startTestServer, type TestServer } from './harness.js';

/**
 * A session opened with an API key is weaker than a password session: it uses the account but
 * cannot create, enable, disable or delete keys, link identities, or delete the user. Each
 * would let a leaked key outlive its own deletion.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const keys = `${CLIENT}/auth/api_keys`;

async function keySession(appId: string) {
  const owner = await signUp(server, appId);
  const created = await server.request('POST', keys, { token: owner.refresh_token, body: { name: 'leaked' } });
  const login = await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/api-key/login`, {
    body: { key: created.body.key },
  });
  expect(login.status).toBe(200);
  return {
    owner,
    key: created.body as { _id: string; key: string },
    session: login.body as { access_token: string; refresh_token: string },
  };
}

function expectRefused(response: { status: number; body: { error_code?: string } }): void {
  expect([response.status, response.body.error_code]).toEqual([403, 'APIKeySessionNotAllowed']);
}

describe('a session opened with a user API key', () => {
  it('cannot create a second key, so a leaked key cannot outlive its own deletion', async () => {
    const appId = await server.createApp();
    const { owner, key, session } = await keySession(appId);
    expectRefused(await server.request('POST', keys, { token: session.refresh_token, body: { name: 'backdoor' } }));
    expect((await server.request('DELETE', `${keys}/${key._id}`, { token: owner.refresh_token })).status).toBe(204);
    const listed = await server.request('GET', keys, { token: owner.refresh_token });
    expect(listed.body).toEqual([]);
  });

  it('cannot enable, disable or delete keys, its own or others', async () => {
    const appId = await server.createApp();
    const { owner, key, session } = await keySession(appId);
    const other = await server.request<CreatedApiKey>('POST', keys, { token: owner.refresh_token, body: { name: 'other' } });
    for (const id of [key._id, other.body._id]) {
      expectRefused(await server.request('PUT', `${keys}/${id}/disable`, { token: session.refresh_token }));
      expectRefused(await server.request('PUT', `${keys}/${id}/enable`, { token: session.refresh_token }));
      expectRefused(await server.request('DELETE', `${keys}/${id}`, { token: session.refresh_token }));
    }
    expect(
      (await server.request<ApiKey[]>('GET', keys, { token: owner.refresh_token })).body.map((k: { disabled: boolean }) => k.disabled),
    ).toEqual([false, false]);
  });

  it("may still read the user's keys and profile", async () => {
    const appId = await server.createApp();
    const { session } = await keySession(appId);
    expect((await server.request('GET', keys, { token: session.refresh_token })).status).toBe(200);
    expect((await server.request<Profile>('GET', `${CLIENT}/auth/profile`, { token: session.access_token })).status).toBe(200);
  });

  it("cannot link an attacker's email identity", async () => {
    const appId = await server.createApp();
    const { owner, session } = await keySession(appId);
    const register = await server.request('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/register`, {
      body: { email: 'attacker@example.com', password: 'attacker-pass' },
    });
    expect(register.status).toBe(201);
    expectRefused(
      await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/login?link=true`, {
        token: session.access_token,
        body: { username: 'attacker@example.com', password: 'attacker-pass' },
      }),
    );
    const attacker = await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/login`, {
      body: { username: 'attacker@example.com', password: 'attacker-pass' },
    });
    expect(attacker.body.user_id).not.toBe(owner.user_id);
  });

  it('cannot delete the user', async () => {
    const appId = await server.createApp();
    const { owner, session } = await keySession(appId);
    expectRefused(await server.request('DELETE', `${CLIENT}/auth/delete`, { token: session.access_token }));
    expect((await server.request<Profile>('GET', `${CLIENT}/auth/profile`, { token: owner.access_token })).status).toBe(200);
  });
});

describe('a server API key user', () => {
  it('never links an identity, so nothing of it survives the admin disabling its key', async () => {
    const appId = await server.createApp();
    const created = await server.admin<CreatedApiKey>('POST', `/apps/${appId}/api_keys`, { name: 'backend' });
    const login = await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/api-key/login`, {
      body: { key: created.body.key },
    });
    await server.request('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/register`, {
      body: { email: 'server-link@example.com', password: 'some-password' },
    });
    expectRefused(
      await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/login?link=true`, {
        token: login.body.access_token,
        body: { username: 'server-link@example.com', password: 'some-password' },
      }),
    );
    expect((await server.admin('PUT', `/apps/${appId}/api_keys/${created.body._id}/disable`)).status).toBe(204);
    const byPassword = await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/login`, {
      body: { username: 'server-link@example.com', password: 'some-password' },
    });
    expect(byPassword.body.user_id).not.toBe(login.body.user_id);
  });
});
