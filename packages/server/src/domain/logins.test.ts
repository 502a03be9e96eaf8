import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeOf, unitWorld, type UnitWorld } from '../../test/unit-fixture.js';
import { createUserApiKey, rotateApiKey, setApiKeyDisabled } from './key-management.js';
import { logInAnonymously, logInWithApiKey, logInWithPassword } from './logins.js';
import { setUserDisabled } from './operator-users.js';
import { registerWithPassword } from './registration.js';
import { authenticateRefreshToken } from './session-tokens.js';
import { userKeysOf } from '../model/api-keys.js';

const DAY = 86_400_000;
let world: UnitWorld;
beforeEach(async () => (world = await unitWorld()));
afterEach(() => world.close());

async function passwordUser(email = 'ada@example.com', password = 'correct horse') {
  await registerWithPassword(world.deps, world.app, email, password, world.origin);
  return logInWithPassword(world.deps, world.app, email, password, world.origin);
}

describe('password logins', () => {
  it('open a session whose refresh token authenticates', async () => {
    const login = await passwordUser();
    const session = await authenticateRefreshToken(world.deps, login.refreshToken);
    expect(session.userId).toBe(login.userId);
  });

  it('refuse a wrong password and an unknown address alike', async () => {
    await passwordUser();
    expect(await codeOf(logInWithPassword(world.deps, world.app, 'ada@example.com', 'wrong horse', world.origin))).toBe('InvalidPassword');
    expect(await codeOf(logInWithPassword(world.deps, world.app, 'nobody@example.com', 'correct horse', world.origin))).toBe(
      'InvalidPassword',
    );
  });

  it('refuse a disabled user, and a failed login is audited with its code', async () => {
    const { userId } = await passwordUser();
    await setUserDisabled(world.deps, world.app, userId, true, world.origin);
    expect(await codeOf(logInWithPassword(world.deps, world.app, 'ada@example.com', 'correct horse', world.origin))).toBe('UserDisabled');
    await world.deps.audit.flush();
    const events = await world.deps.store.listAuditEvents(world.app.id, { limit: 10, type: 'login.failed' });
    expect(events.map((event) => event.detail)).toEqual([{ provider: 'local-userpass', code: 'UserDisabled' }]);
  });

  it('are refused when the app turned the provider off', async () => {
    const closed = await world.newApp({ providers: ['anon-user'] });
    expect(await codeOf(logInWithPassword(world.deps, closed, 'ada@example.com', 'correct horse', world.origin))).toBe(
      'AuthProviderNotFound',
    );
  });
});

describe('API key logins', () => {
  async function keyOf(name = 'laptop', options: { expiresAt?: number } = {}) {
    const login = await passwordUser();
    const session = await authenticateRefreshToken(world.deps, login.refreshToken);
    const created = await createUserApiKey(world.deps, world.app, session, { name, ...options }, world.origin);
    return { session, created };
  }

  it('log in as the key owner, in a session that names the key', async () => {
    const { session, created } = await keyOf();
    const login = await logInWithApiKey(world.deps, world.app, created.secret, world.origin);
    expect(login.userId).toBe(session.userId);
    expect((await authenticateRefreshToken(world.deps, login.refreshToken)).keyId).toBe(created.key.id);
  });

  it('a disabled key cannot log in, and enabled again it can', async () => {
    const { session, created } = await keyOf();
    await setApiKeyDisabled(world.deps, world.app.id, userKeysOf(session), created.key.id, true, world.origin);
    expect(await codeOf(logInWithApiKey(world.deps, world.app, created.secret, world.origin))).toBe('AuthError');
    await setApiKeyDisabled(world.deps, world.app.id, userKeysOf(session), created.key.id, false, world.origin);
    expect(await codeOf(logInWithApiKey(world.deps, world.app, created.secret, world.origin))).toBe('resolved');
  });

  it('an expired key cannot log in (the clock moved past its expiry)', async () => {
    const { created } = await keyOf('short', { expiresAt: world.clock.now() + DAY });
    expect(await codeOf(logInWithApiKey(world.deps, world.app, created.secret, world.origin))).toBe('resolved');
    world.clock.advance(DAY);
    expect(await codeOf(logInWithApiKey(world.deps, world.app, created.secret, world.origin))).toBe('AuthError');
  });

  it("a rotated key's old secret logs in during its grace, not after", async () => {
    const { session, created } = await keyOf();
    const rotated = await rotateApiKey(world.deps, world.app.id, userKeysOf(session), created.key.id, 60, world.origin);
    expect(await codeOf(logInWithApiKey(world.deps, world.app, created.secret, world.origin))).toBe('resolved');
    expect(await codeOf(logInWithApiKey(world.deps, world.app, rotated.secret, world.origin))).toBe('resolved');
    world.clock.advance(61_000);
    expect(await codeOf(logInWithApiKey(world.deps, world.app, created.secret, world.origin))).toBe('AuthError');
    expect(await codeOf(logInWithApiKey(world.deps, world.app, rotated.secret, world.origin))).toBe('resolved');
  });

  it("another app's key is unknown here", async () => {
    const { created } = await keyOf();
    const other = await world.newApp();
    expect(await codeOf(logInWithApiKey(world.deps, other, created.secret, world.origin))).toBe('AuthError');
  });
});

describe('anonymous logins', () => {
  it('make a new user each time', async () => {
    const first = await logInAnonymously(world.deps, world.app, world.origin);
    const second = await logInAnonymously(world.deps, world.app, world.origin);
    expect(first.userId).not.toBe(second.userId);
  });
});
