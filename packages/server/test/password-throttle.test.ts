import type { LoginAnswer } from '@latchkey/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT, signUp, startTestServer, type TestServer } from './harness.js';

/** Failed password logins throttled per account and address, and per account, in the database. */
let server: TestServer;
let offset = 0;
beforeAll(async () => {
  // Addresses come from X-Forwarded-For, so one test can play many clients.
  server = await startTestServer({ clock: { now: () => Date.now() + offset }, env: { LATCHKEY_TRUST_PROXY: 'true' } });
});
afterAll(() => server.close());

const logIn = (appId: string, username: string, password: string, ip = '198.51.100.7') =>
  server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/login`, {
    body: { username, password },
    headers: { 'x-forwarded-for': ip },
  });
const statuses = async (count: number, attempt: (i: number) => Promise<{ status: number }>) => {
  const seen = [];
  for (let i = 0; i < count; i++) seen.push((await attempt(i)).status);
  return seen;
};

describe('per account and address', () => {
  it('blocks after 5 failures, for a time that doubles with each further failure, and forgets them on success', async () => {
    const appId = await server.createApp();
    await signUp(server, appId, 'target@example.com', 'correct horse battery');
    expect(await statuses(5, () => logIn(appId, 'target@example.com', 'wrong'))).toEqual([401, 401, 401, 401, 401]);
    // Five failures: blocked for 1 s, the right password included (the block says nothing about it).
    const blocked = await logIn(appId, 'target@example.com', 'correct horse battery');
    expect([blocked.status, blocked.body.error_code, blocked.headers.get('retry-after')]).toEqual([429, 'TooManyRequests', '1']);
    // Another address is not blocked by this one.
    expect((await logIn(appId, 'target@example.com', 'wrong', '203.0.113.9')).status).toBe(401);

    offset += 1500;
    expect((await logIn(appId, 'target@example.com', 'wrong')).status).toBe(401); // the sixth: 2 s now
    expect((await logIn(appId, 'target@example.com', 'wrong')).headers.get('retry-after')).toBe('2');
    offset += 2500;
    expect((await logIn(appId, 'target@example.com', 'correct horse battery')).status).toBe(200);
    expect(await statuses(5, () => logIn(appId, 'target@example.com', 'wrong'))).toEqual([401, 401, 401, 401, 401]);
  });

  it('treats an unknown email exactly like a known one', async () => {
    const appId = await server.createApp();
    expect(await statuses(5, () => logIn(appId, 'nobody@example.com', 'wrong'))).toEqual([401, 401, 401, 401, 401]);
    const blocked = await logIn(appId, 'nobody@example.com', 'wrong');
    expect([blocked.status, blocked.headers.get('retry-after')]).toEqual([429, '1']);
  });
});

describe('per account, from any address', () => {
  it('blocks briefly after 20 failures spread over many addresses, and the block is short', async () => {
    const appId = await server.createApp();
    await signUp(server, appId, 'spread@example.com', 'correct horse battery');
    const spread = await statuses(20, (i) => logIn(appId, 'spread@example.com', 'wrong', `192.0.2.${i + 1}`));
    expect(spread).toEqual(spread.map(() => 401));
    const fresh = await logIn(appId, 'spread@example.com', 'correct horse battery', '192.0.2.200');
    expect([fresh.status, fresh.headers.get('retry-after')]).toEqual([429, '1']);
    offset += 1500;
    expect((await logIn(appId, 'spread@example.com', 'correct horse battery', '192.0.2.200')).status).toBe(200);
  });

  it('is forgotten, for the address, by a successful login from it', async () => {
    const appId = await server.createApp();
    await signUp(server, appId, 'forgotten@example.com', 'correct horse battery');
    await statuses(4, () => logIn(appId, 'forgotten@example.com', 'wrong'));
    expect((await logIn(appId, 'forgotten@example.com', 'correct horse battery')).status).toBe(200);
    // Counting starts over: four more failures and the right password still pass, a fifth failure blocks.
    expect(await statuses(4, () => logIn(appId, 'forgotten@example.com', 'wrong'))).toEqual([401, 401, 401, 401]);
    expect((await logIn(appId, 'forgotten@example.com', 'correct horse battery')).status).toBe(200);
    expect(await statuses(5, () => logIn(appId, 'forgotten@example.com', 'wrong'))).toEqual([401, 401, 401, 401, 401]);
    expect((await logIn(appId, 'forgotten@example.com', 'correct horse battery')).status).toBe(429);
  });
});
