import type { AccessTokenAnswer, LoginAnswer, Profile } from '@latchkey/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT, startTestServer, type TestServer } from './harness.js';

/** Anonymous users nobody can reach again are swept after the app's anonymousUserTtlDays. */
let server: TestServer;
let offset = 0;
const DAY = 24 * 60 * 60 * 1000;
beforeAll(async () => {
  server = await startTestServer({ clock: { now: () => Date.now() + offset } });
});
afterAll(() => server.close());

describe('the anonymous user sweep', () => {
  it('deletes logged-out anonymous users older than the app allows, and keeps the rest', async () => {
    const appId = await server.createApp({ anonymousUserTtlDays: 1 });
    const keep = await server.createApp({ anonymousUserTtlDays: 0 });
    const anonymous = async (app: string) =>
      (await server.request<LoginAnswer>('POST', `${CLIENT}/app/${app}/auth/providers/anon-user/login`, { body: {} })).body;
    const gone = await anonymous(appId);
    await server.request('DELETE', `${CLIENT}/auth/session`, { token: gone.refresh_token });
    const active = await anonymous(appId);
    const forever = await anonymous(keep);
    await server.request('DELETE', `${CLIENT}/auth/session`, { token: forever.refresh_token });
    offset += 2 * DAY;
    try {
      expect((await server.latchkey.maintenance()).anonymousUsers).toBe(1);
      expect((await server.request<Profile>('GET', `${CLIENT}/auth/profile`, { token: active.access_token })).status).toBe(401);
      const refreshed = await server.request<AccessTokenAnswer>('POST', `${CLIENT}/auth/session`, { token: active.refresh_token });
      expect(refreshed.status).toBe(201);
      const app = await server.latchkey.store.findAppByClientId(appId);
      const other = await server.latchkey.store.findAppByClientId(keep);
      expect(await server.latchkey.store.findUser(app!.id, gone.user_id)).toBeNull();
      expect(await server.latchkey.store.findUser(other!.id, forever.user_id)).not.toBeNull();
    } finally {
      offset -= 2 * DAY;
    }
  });
});
