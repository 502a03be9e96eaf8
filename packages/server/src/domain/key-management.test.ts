import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeOf, unitWorld, type UnitWorld } from '../../test/unit-fixture.js';
import { userKeysOf } from '../model/api-keys.js';
import { createUserApiKey, deleteApiKey, getApiKey, listApiKeys, requestLeakedSecretsRevocation } from './key-management.js';
import { logInWithApiKey, logInWithPassword } from './logins.js';
import { registerWithPassword } from './registration.js';
import { authenticateRefreshToken } from './session-tokens.js';

let world: UnitWorld;
beforeEach(async () => (world = await unitWorld({ maxUserApiKeys: 2 })));
afterEach(() => world.close());

async function signedIn(email = 'ada@example.com') {
  await registerWithPassword(world.deps, world.app, email, 'correct horse', world.origin);
  const login = await logInWithPassword(world.deps, world.app, email, 'correct horse', world.origin);
  return authenticateRefreshToken(world.deps, login.refreshToken);
}

describe('user API keys', () => {
  it('show their secret once and store only its hash', async () => {
    const session = await signedIn();
    const { key, secret } = await createUserApiKey(world.deps, world.app, session, { name: 'laptop' }, world.origin);
    const listed = await listApiKeys(world.deps, userKeysOf(session));
    expect(listed.map((each) => each.name)).toEqual(['laptop']);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(key.secretHash.equals(Buffer.from(secret))).toBe(false);
  });

  it('are unique by name per user, and limited in number by the app', async () => {
    const session = await signedIn();
    await createUserApiKey(world.deps, world.app, session, { name: 'one' }, world.origin);
    expect(await codeOf(createUserApiKey(world.deps, world.app, session, { name: 'one' }, world.origin))).toBe('APIKeyAlreadyExists');
    await createUserApiKey(world.deps, world.app, session, { name: 'two' }, world.origin);
    expect(await codeOf(createUserApiKey(world.deps, world.app, session, { name: 'three' }, world.origin))).toBe('APIKeyLimitReached');
  });

  it('cannot be made from a session opened with a key', async () => {
    const session = await signedIn();
    const { secret } = await createUserApiKey(world.deps, world.app, session, { name: 'laptop' }, world.origin);
    const keyLogin = await logInWithApiKey(world.deps, world.app, secret, world.origin);
    const keySession = await authenticateRefreshToken(world.deps, keyLogin.refreshToken);
    expect(await codeOf(createUserApiKey(world.deps, world.app, keySession, { name: 'more' }, world.origin))).toBe(
      'APIKeySessionNotAllowed',
    );
  });

  it("are reached only by their owner: another user's key is not found", async () => {
    const ada = await signedIn('ada@example.com');
    const bob = await signedIn('bob@example.com');
    const { key } = await createUserApiKey(world.deps, world.app, ada, { name: 'laptop' }, world.origin);
    expect(await codeOf(getApiKey(world.deps, userKeysOf(bob), key.id))).toBe('APIKeyNotFound');
    expect(await codeOf(deleteApiKey(world.deps, world.app.id, userKeysOf(bob), key.id, world.origin))).toBe('APIKeyNotFound');
    expect(await codeOf(getApiKey(world.deps, userKeysOf(ada), key.id))).toBe('resolved');
  });

  it('refuse an expiry in the past', async () => {
    const session = await signedIn();
    const options = { name: 'late', expiresAt: world.clock.now() - 1 };
    expect(await codeOf(createUserApiKey(world.deps, world.app, session, options, world.origin))).toBe('InvalidParameter');
  });

  it('revoked as leaked by value: the key is disabled and its sessions end', async () => {
    const session = await signedIn();
    const { secret } = await createUserApiKey(world.deps, world.app, session, { name: 'leaked' }, world.origin);
    const keyLogin = await logInWithApiKey(world.deps, world.app, secret, world.origin);
    const work = await requestLeakedSecretsRevocation(world.deps, [secret, 'lk_not-a-key'], world.origin);
    await work();
    expect(await codeOf(logInWithApiKey(world.deps, world.app, secret, world.origin))).toBe('AuthError');
    expect(await codeOf(authenticateRefreshToken(world.deps, keyLogin.refreshToken))).toBe('InvalidSession');
  });
});
