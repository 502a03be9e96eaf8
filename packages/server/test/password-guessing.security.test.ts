import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT, requestFrom, signUp, startTestServer, type TestServer } from './harness.js';

/**
 * Guessing a password with many requests at once, from real loopback source addresses
 * (127.x.y.z; no forwarded header is trusted): attempts are counted before they are checked,
 * so no burst gets more checks than the throttle's free attempts, and failures from elsewhere
 * never shut the owner out of an address they have logged in from.
 */
let server: TestServer;
let offset = 0;
beforeAll(async () => {
  server = await startTestServer({ clock: { now: () => Date.now() + offset } });
});
afterAll(() => server.close());

const PASSWORD = 'correct horse battery';
const logIn = (from: string, appId: string, username: string, password: string) =>
  requestFrom(from, server.url, 'POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/login`, { body: { username, password } });
const countOf = (answers: { status: number }[], status: number) => answers.filter((answer) => answer.status === status).length;

describe('a burst of guesses', () => {
  it('from one address: 5 of 20 sent at once are checked, and the right password sent after them is refused', async () => {
    const appId = await server.createApp();
    const { email } = await signUp(server, appId);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => logIn('127.3.1.1', appId, email, `guess-${i}`)));
    expect([countOf(answers, 401), countOf(answers, 429)]).toEqual([5, 15]);
    expect(answers.filter((answer) => answer.status === 401).map((answer) => answer.body.error_code)).toEqual(
      Array(5).fill('InvalidPassword'),
    );
    const right = await logIn('127.3.1.1', appId, email, PASSWORD);
    expect([right.status, right.body.error_code]).toEqual([429, 'TooManyRequests']);
  });

  it('from six addresses: 20 of 60 sent at once are checked, whatever their address', async () => {
    const appId = await server.createApp();
    const { email } = await signUp(server, appId);
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => logIn(`127.3.2.${(i % 6) + 1}`, appId, email, `guess-${i}`)));
    expect([countOf(answers, 401), countOf(answers, 429)]).toEqual([20, 40]);
    // No address was checked more than its own 5.
    for (let address = 1; address <= 6; address++) {
      const own = answers.filter((_, i) => (i % 6) + 1 === address);
      expect(countOf(own, 401)).toBeLessThanOrEqual(5);
    }
  });
});

describe('the owner during an attack', () => {
  it('logs in from an address they used before while the account is blocked for every other address', async () => {
    const appId = await server.createApp();
    const { email } = await signUp(server, appId);
    const home = '127.3.3.1';
    expect((await logIn(home, appId, email, PASSWORD)).status).toBe(200);

    // 27 wrong passwords at once from six addresses: the account is blocked.
    await Promise.all(Array.from({ length: 27 }, (_, i) => logIn(`127.3.3.${(i % 6) + 10}`, appId, email, `guess-${i}`)));
    const elsewhere = await logIn('127.3.3.99', appId, email, PASSWORD);
    expect([elsewhere.status, elsewhere.body.error_code]).toEqual([429, 'TooManyRequests']);
    expect((await logIn(home, appId, email, PASSWORD)).status).toBe(200);

    // The attacker keeps the block alive with one guess a minute; the owner's address stays open.
    for (let minute = 0; minute < 3; minute++) {
      offset += 60_000;
      await logIn(`127.3.3.${20 + minute}`, appId, email, 'another-guess');
      expect((await logIn('127.3.3.98', appId, email, PASSWORD)).status).toBe(429);
      expect((await logIn(home, appId, email, PASSWORD)).status).toBe(200);
    }
  });

  it('keeps the per-address limit on a known address, and never makes an address known without the password', async () => {
    const appId = await server.createApp();
    const { email } = await signUp(server, appId);
    const home = '127.3.4.1';
    expect((await logIn(home, appId, email, PASSWORD)).status).toBe(200);
    const fromHome = await Promise.all(Array.from({ length: 10 }, (_, i) => logIn(home, appId, email, `guess-${i}`)));
    expect(countOf(fromHome, 401)).toBe(5);
    expect((await logIn(home, appId, email, PASSWORD)).status).toBe(429);

    // An attacker's address that only ever failed is shut out by the account's block like any other.
    const attacker = '127.3.4.2';
    await Promise.all(Array.from({ length: 20 }, (_, i) => logIn(`127.3.4.${(i % 5) + 10}`, appId, email, `guess-${i}`)));
    expect((await logIn(attacker, appId, email, 'one-more-guess')).status).toBe(429);
  });
});
