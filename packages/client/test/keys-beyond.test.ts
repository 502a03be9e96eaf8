import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App, Credentials, LatchkeyError, MemoryStorage } from '../src/index.js';
import { ADMIN_TOKEN, startServer, type RunningServer } from './server.js';

/** The SDK's key options, rotation, scopes and verification, against the real server. */
let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

async function signedIn(appId: string) {
  const app = new App({ id: appId, baseUrl: server.url, storage: new MemoryStorage() });
  const email = `beyond-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  await app.emailPasswordAuth.registerUser({ email, password: 'sdk-password' });
  return { app, user: await app.logIn(Credentials.emailPassword(email, 'sdk-password')) };
}

describe('keys beyond App Services', () => {
  it('creates scoped, expiring keys whose sessions expose their scopes, and rotates them', async () => {
    const appId = await server.createApp({ apiKeyScopes: ['read', 'write'] });
    const { user } = await signedIn(appId);
    const expiresAt = new Date(Date.now() + 86_400_000);
    const created = await user.apiKeys.create('reader', { scopes: ['read'], expiresAt });
    expect(created).toMatchObject({ name: 'reader', scopes: ['read'], expires_at: expiresAt.toISOString(), last_used_at: null });
    expect(user.scopes).toEqual([]);

    const device = new App({ id: appId, baseUrl: server.url, storage: new MemoryStorage() });
    const keyUser = await device.logIn(Credentials.apiKey(created.key));
    expect(keyUser.scopes).toEqual(['read']);

    const rotated = await user.apiKeys.rotate(created._id, { graceSeconds: 0 });
    expect(rotated._id).toBe(created._id);
    const refused = await device.logIn(Credentials.apiKey(created.key)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LatchkeyError);
    expect((refused as LatchkeyError).errorCode).toBe('AuthError');
    expect((await device.logIn(Credentials.apiKey(rotated.key))).id).toBe(user.id);
  });

  it('verifies keys for a server user, and refuses anyone else', async () => {
    const appId = await server.createApp();
    const { user } = await signedIn(appId);
    const { key, _id } = await user.apiKeys.create('handed-over');
    const response = await fetch(`${server.url}/api/admin/v1/apps/${appId}/api_keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'backend' }),
    });
    const serverKey = (await response.json()) as { key: string };
    const backend = new App({ id: appId, baseUrl: server.url, storage: new MemoryStorage() });
    await backend.logIn(Credentials.apiKey(serverKey.key));
    expect(await backend.verifyApiKey(key)).toEqual({
      valid: true,
      key_id: _id,
      user_id: user.id,
      name: 'handed-over',
      scopes: [],
      expires_at: null,
    });
    expect(await backend.verifyApiKey('lku_unknown')).toEqual({ valid: false, code: 'NOT_FOUND' });

    const asUser = await signedIn(appId);
    const error = await asUser.app.verifyApiKey(key).catch((e: unknown) => e);
    expect((error as LatchkeyError).errorCode).toBe('ServerUserRequired');
  });
});
