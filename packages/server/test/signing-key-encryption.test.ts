import type { App, WebhookSecret } from '@latchkey/protocol';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_STORE } from '../src/store/postgres/test-database.js';
import { ADMIN_TOKEN, CLIENT, signUp, startTestServer, type TestServer } from './harness.js';
import { until } from './nodes.js';
import { startWebhook } from './webhook-server.js';

/**
 * The signing keys encrypted at rest with LATCHKEY_SECRET_KEY, across restarts on one SQLite
 * data directory (the encryption is the same on PostgreSQL: the store holds the same text).
 */
describe.runIf(TEST_STORE === 'sqlite')('signing keys encrypted at rest', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'latchkey-kek-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const first = randomBytes(32).toString('base64');
  const second = randomBytes(32).toString('hex');
  const start = (env: Record<string, string>) => startTestServer({ dataDir, env });
  const jwksOf = async (server: Awaited<ReturnType<typeof start>>) => (await server.request('GET', '/.well-known/jwks.json')).text;
  const storedText = async (server: Awaited<ReturnType<typeof start>>) => (await server.storedContents()).join('');

  it('encrypts keys stored in clear once a secret key is given, re-encrypts under a new one, and refuses to start without it', async () => {
    // A server without encryption stores its key in clear.
    const plain = await start({});
    const jwks = await jwksOf(plain);
    expect(await storedText(plain)).toContain('PRIVATE KEY');
    await plain.close({ keepData: true });

    // Given a secret key, the stored key is encrypted at start: same key (same JWKS), nothing in clear.
    const sealed = await start({ LATCHKEY_SECRET_KEY: first });
    expect(await jwksOf(sealed)).toBe(jwks);
    await sealed.request('POST', '/api/admin/v1/signing_keys/rotate', { token: ADMIN_TOKEN });
    const rotatedJwks = await jwksOf(sealed);
    await sealed.close({ keepData: true });

    const contents = await (async () => {
      const reader = await start({ LATCHKEY_SECRET_KEY: first });
      const text = await storedText(reader);
      await reader.close({ keepData: true });
      return text;
    })();
    expect(contents).not.toContain('PRIVATE KEY');
    expect(contents).toContain('encryptedPrivateKey');

    // Without the secret key, or with the wrong one, the server refuses to start, naming what is missing.
    await expect(start({})).rejects.toThrow(/LATCHKEY_SECRET_KEY/);
    await expect(start({ LATCHKEY_SECRET_KEY: second })).rejects.toThrow(/LATCHKEY_PREVIOUS_SECRET_KEY/);

    // Rotating the secret key: the new one plus the previous one re-encrypts; then the new one alone suffices.
    const rekeyed = await start({ LATCHKEY_SECRET_KEY: second, LATCHKEY_PREVIOUS_SECRET_KEY: first });
    expect(await jwksOf(rekeyed)).toBe(rotatedJwks);
    await rekeyed.close({ keepData: true });
    const after = await start({ LATCHKEY_SECRET_KEY: second });
    expect(await jwksOf(after)).toBe(rotatedJwks);
    await after.close({ keepData: true });
    await expect(start({ LATCHKEY_SECRET_KEY: first })).rejects.toThrow(/key-encryption key/);
  });

  it('seals webhook secrets too: ones stored in clear at start, new ones at once, and they still sign the calls', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'latchkey-kek-webhook-'));
    const hook = await startWebhook();
    const at = (env: Record<string, string>) => startTestServer({ dataDir: dir, env });
    const signsWith = async (server: TestServer, appId: string, secret: string) => {
      hook.secret = secret;
      hook.calls.length = 0;
      hook.answer = 'pending';
      const answer = await server.request('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/reset/call`, {
        body: { email: 'owner@example.com', password: 'a-new-password' },
      });
      expect(answer.status).toBe(204);
      await until(() => hook.calls.length > 0, 'the reset webhook to be called');
      expect(hook.calls[0]!.signatureValid).toBe(true);
    };
    try {
      const plain = await at({});
      const appId = await plain.createApp();
      const clear = (await plain.admin<WebhookSecret>('POST', `/apps/${appId}/webhook_secret`)).body.secret;
      await plain.admin<App>('PATCH', `/apps/${appId}`, { settings: { resetWebhookUrl: hook.url } });
      await signUp(plain, appId, 'owner@example.com');
      expect((await plain.storedContents()).join('')).toContain(clear);
      await plain.close({ keepData: true });

      const sealed = await at({ LATCHKEY_SECRET_KEY: first });
      await signsWith(sealed, appId, clear);
      const fresh = (await sealed.admin<WebhookSecret>('POST', `/apps/${appId}/webhook_secret`)).body.secret;
      await signsWith(sealed, appId, fresh);
      const contents = (await sealed.storedContents()).join('');
      expect(contents).not.toContain(clear);
      expect(contents).not.toContain(fresh);
      await sealed.close({ keepData: true });

      const rekeyed = await at({ LATCHKEY_SECRET_KEY: second, LATCHKEY_PREVIOUS_SECRET_KEY: first });
      await rekeyed.close({ keepData: true });
      const after = await at({ LATCHKEY_SECRET_KEY: second });
      await signsWith(after, appId, fresh);
      expect((await after.storedContents()).join('')).not.toContain(fresh);
      await after.close();
    } finally {
      await hook.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("seals an app's secret settings (HS256 keys, Google's and Facebook's secrets) stored in clear at the next start, and they still work", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'latchkey-kek-settings-'));
    const at = (env: Record<string, string>) => startTestServer({ dataDir: dir, env });
    const hs256 = 'an-hs256-secret-of-at-least-32-characters';
    const jwtFor = (appId: string) => {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const unsigned = `${part({ alg: 'HS256' })}.${part({ sub: 'kek-user', aud: appId, exp: Math.floor(Date.now() / 1000) + 600 })}`;
      return `${unsigned}.${createHmac('sha256', hs256).update(unsigned).digest('base64url')}`;
    };
    try {
      const plain = await at({});
      const appId = await plain.createApp();
      const set = await plain.admin('PATCH', `/apps/${appId}`, {
        settings: {
          customJwt: { algorithm: 'HS256', keys: [hs256] },
          facebook: { appId: 'fb-1', appSecret: 'facebook-app-secret-value' },
          providers: ['custom-token'],
        },
      });
      expect(set.status).toBe(200);
      expect(await storedText(plain)).toContain(hs256);
      await plain.close({ keepData: true });

      const sealed = await at({ LATCHKEY_SECRET_KEY: first });
      const text = await storedText(sealed);
      expect(text).not.toContain(hs256);
      expect(text).not.toContain('facebook-app-secret-value');
      const login = await sealed.request<{ user_id: string }>('POST', `${CLIENT}/app/${appId}/auth/providers/custom-token/login`, {
        body: { token: jwtFor(appId) },
      });
      expect(login.status).toBe(200);
      await sealed.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a secret key that is not 32 bytes, naming the variable', async () => {
    await expect(start({ LATCHKEY_SECRET_KEY: 'x'.repeat(50) })).rejects.toThrow(/LATCHKEY_SECRET_KEY/);
  });
});
