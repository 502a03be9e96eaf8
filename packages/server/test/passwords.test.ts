import type { LoginAnswer } from '@latchkey/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARGON2_PARAMS, createPasswordHasher, legacyScryptHash } from '../src/crypto/password.js';
import { CLIENT, signUp, startTestServer, type TestServer } from './harness.js';
import { until } from './nodes.js';

/** Password storage per OWASP's cheat sheet, the upgrade of older hashes, and the cap on concurrent hashing. */
/** The server's own hasher, at OWASP's parameters: this file is about what passwords cost. */
const hasher = createPasswordHasher();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ passwords: hasher });
});
afterAll(() => server.close());

const OWASP = `$argon2id$v=19$m=${ARGON2_PARAMS.memoryCost},t=${ARGON2_PARAMS.timeCost},p=${ARGON2_PARAMS.parallelism}$`;

async function storedHash(clientAppId: string, email: string): Promise<string> {
  const app = await server.latchkey.store.findAppByClientId(clientAppId);
  return (await server.latchkey.store.findPasswordIdentity(app!.id, email))!.passwordHash!;
}
const logIn = (appId: string, username: string, password: string) =>
  server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/login`, { body: { username, password } });

describe('password storage', () => {
  it('hashes new passwords with argon2id at m=19 MiB, t=2, p=1', async () => {
    const appId = await server.createApp();
    await signUp(server, appId, 'fresh@example.com', 'correct horse battery');
    expect((await storedHash(appId, 'fresh@example.com')).startsWith(OWASP)).toBe(true);
  });

  it('upgrades a legacy scrypt hash at the next successful login, and the password keeps working', async () => {
    const appId = await server.createApp();
    await signUp(server, appId, 'legacy@example.com', 'correct horse battery');
    const app = await server.latchkey.store.findAppByClientId(appId);
    const identity = (await server.latchkey.store.findPasswordIdentity(app!.id, 'legacy@example.com'))!;
    const legacy = await legacyScryptHash('correct horse battery');
    expect(await server.latchkey.store.replacePasswordHash(identity.id, identity.passwordHash!, legacy)).toBe(true);

    expect((await logIn(appId, 'legacy@example.com', 'wrong password')).status).toBe(401);
    expect(await storedHash(appId, 'legacy@example.com')).toBe(legacy); // a failed login upgrades nothing
    expect((await logIn(appId, 'legacy@example.com', 'correct horse battery')).status).toBe(200);
    await until(async () => (await storedHash(appId, 'legacy@example.com')).startsWith(OWASP), 'the hash to be upgraded');
    expect((await logIn(appId, 'legacy@example.com', 'correct horse battery')).status).toBe(200);
    expect((await logIn(appId, 'legacy@example.com', 'wrong password')).status).toBe(401);
  });

  it('never runs more hashes at once than the cap, however many logins arrive together', async () => {
    const appId = await server.createApp();
    // Forty addresses nobody registered: each still costs a full verification (unknown and known emails take the same time).
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => logIn(appId, `flood-${i}@example.com`, 'wrong')));
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 401));
    const { busiest, limit } = hasher.concurrency();
    expect(busiest).toBeGreaterThan(1); // the flood did overlap
    expect(busiest).toBeLessThanOrEqual(limit);
  });
});
