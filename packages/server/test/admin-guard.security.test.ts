import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_FAILURES } from '../src/http/admin-guard.js';
import { ADMIN_TOKEN, requestFrom, startTestServer, type TestServer } from './harness.js';
import { parseExposition } from './prometheus-text.js';

/** The admin token: checked before anything else, guessing limited per address, logged and counted. */
let server: TestServer;
let offset = 0;
beforeAll(async () => {
  server = await startTestServer({ clock: { now: () => Date.now() + offset }, env: { LATCHKEY_METRICS: 'true' } });
});
afterAll(() => server.close());

const WRONG = 'lka_0000000000000000000000000000000000000000000000';
const admin = (ip: string, token: string | undefined, path = '/api/admin/v1/apps') =>
  requestFrom(ip, server.url, 'GET', path, token ? { token } : {});

describe('the admin token comes first', () => {
  it('answers 401 to a request without it or with a wrong one, whatever its body', async () => {
    const bodies = [{ nonsense: true }, '{"client_app_id": ', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]'];
    for (const [index, body] of bodies.entries()) {
      const send = (token?: string) =>
        requestFrom(`127.2.0.${index + 1}`, server.url, 'POST', '/api/admin/v1/apps', {
          ...(token ? { token } : {}),
          ...(typeof body === 'string' ? { rawBody: body } : { body }),
          headers: { 'content-type': 'application/json' },
        });
      const [none, wrong] = [await send(), await send(WRONG)];
      expect([none.status, none.body.error_code]).toEqual([401, 'MissingAuthReq']);
      expect([wrong.status, wrong.body.error_code]).toEqual([401, 'AuthError']);
    }
  });

  it('keeps query values out of the access log', async () => {
    const secret = 'lka_querytokenthatmustnotbelogged0123456789abc';
    await requestFrom('127.2.1.1', server.url, 'GET', `/api/admin/v1/apps?token=${secret}&page=2`, { token: ADMIN_TOKEN });
    await requestFrom('127.2.1.1', server.url, 'GET', `/api/client/v2.0/app/demo/location?token=${secret}`);
    const logged = server.logs.join('');
    expect(logged).not.toContain(secret);
    expect(logged).toContain('/api/admin/v1/apps?token=[redacted]&page=[redacted]');
  });
});

describe('guessing the admin token', () => {
  it(`refuses an address after ${ADMIN_FAILURES.max} wrong tokens, even sent at once, and then refuses the right one from it too`, async () => {
    const attacker = '127.2.2.1';
    const answers = await Promise.all(Array.from({ length: 3 * ADMIN_FAILURES.max }, () => admin(attacker, WRONG)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(ADMIN_FAILURES.max);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2 * ADMIN_FAILURES.max);
    const right = await admin(attacker, ADMIN_TOKEN);
    expect([right.status, right.body.error_code]).toEqual([429, 'TooManyRequests']);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    // Metrics behind the admin token are behind the same limit.
    expect((await admin(attacker, ADMIN_TOKEN, '/metrics')).status).toBe(429);
    // Another address is not held back by this one.
    expect((await admin('127.2.2.2', ADMIN_TOKEN)).status).toBe(200);
  });

  it('logs and counts every wrong token without the token, and forgets an address when its window ends', async () => {
    const before = parseExposition((await admin('127.2.3.9', ADMIN_TOKEN, '/metrics')).text).value('latchkey_admin_token_refusals_total');
    const guesser = '127.2.3.1';
    for (let i = 0; i < ADMIN_FAILURES.max; i++) expect((await admin(guesser, `${WRONG}${i}`)).status).toBe(401);
    expect((await admin(guesser, ADMIN_TOKEN)).status).toBe(429);
    const after = parseExposition((await admin('127.2.3.9', ADMIN_TOKEN, '/metrics')).text).value('latchkey_admin_token_refusals_total');
    expect(after - before).toBe(ADMIN_FAILURES.max);
    const warnings = server.logs.filter((line) => line.includes('wrong admin token refused') && line.includes(guesser));
    expect(warnings).toHaveLength(ADMIN_FAILURES.max);
    expect(warnings.join('')).not.toContain(WRONG);
    offset += ADMIN_FAILURES.windowMs;
    expect((await admin(guesser, ADMIN_TOKEN)).status).toBe(200);
  });
});
