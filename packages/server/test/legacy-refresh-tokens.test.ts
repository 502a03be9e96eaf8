import type { AccessTokenAnswer, CreatedApiKey } from '@latchkey/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newObjectId } from '../src/crypto/ids.js';
import { randomBase62, withChecksum } from '../src/crypto/key-format.js';
import { hashSecret } from '../src/crypto/secret-hash.js';
import { CLIENT, signUp, startTestServer, type TestServer } from './harness.js';

/**
 * Refresh tokens issued before they became JWT-shaped (`lkr_<session id><secret><crc>`) keep
 * working until their session expires: the session is stored the same way, only the token's
 * shape changed.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('refresh tokens issued before the JWT shape', () => {
  it('refresh the session, manage keys and log out, then are dead', async () => {
    const appId = await server.createApp();
    const user = await signUp(server, appId);
    const app = await server.latchkey.store.findAppByClientId(appId);
    const sessionId = newObjectId();
    const legacy = withChecksum(`lkr_${sessionId}${randomBase62(43)}`);
    const now = Date.now();
    expect(
      await server.latchkey.store.insertSession(
        {
          id: sessionId,
          appId: app!.id,
          userId: user.user_id,
          keyId: null,
          refreshHash: hashSecret(legacy),
          deviceId: newObjectId(),
          createdAt: now,
          expiresAt: now + 86_400_000,
          scopes: null,
        },
        null,
      ),
    ).toBe(true);
    expect((await server.request<AccessTokenAnswer>('POST', `${CLIENT}/auth/session`, { token: legacy })).status).toBe(201);
    expect((await server.request<CreatedApiKey>('POST', `${CLIENT}/auth/api_keys`, { token: legacy, body: { name: 'old' } })).status).toBe(
      201,
    );
    expect((await server.request('DELETE', `${CLIENT}/auth/session`, { token: legacy })).status).toBe(204);
    const dead = await server.request<AccessTokenAnswer>('POST', `${CLIENT}/auth/session`, { token: legacy });
    expect([dead.status, dead.body.error_code]).toEqual([401, 'InvalidSession']);
  });
});
