import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeOf, unitWorld, type UnitWorld } from '../../test/unit-fixture.js';
import { SYSTEM } from '../model/audit-events.js';
import { logInAnonymously } from './logins.js';
import { authenticateAccessToken, authenticateRefreshToken, endSession, refreshAccessToken } from './session-tokens.js';

let world: UnitWorld;
beforeEach(async () => (world = await unitWorld({ accessTokenTtlSeconds: 60, refreshTokenTtlSeconds: 3600 })));
afterEach(() => world.close());

describe('session tokens', () => {
  it('an access token authenticates until its lifetime ends; a refresh gives a new one', async () => {
    const login = await logInAnonymously(world.deps, world.app, world.origin);
    expect((await authenticateAccessToken(world.deps, login.accessToken)).session.userId).toBe(login.userId);
    world.clock.advance(60_000);
    expect(await codeOf(authenticateAccessToken(world.deps, login.accessToken))).toBe('InvalidSession');
    const session = await authenticateRefreshToken(world.deps, login.refreshToken);
    const fresh = await refreshAccessToken(world.deps, session);
    expect(await codeOf(authenticateAccessToken(world.deps, fresh))).toBe('resolved');
  });

  it('a refresh token dies with its session', async () => {
    const login = await logInAnonymously(world.deps, world.app, world.origin);
    const session = await authenticateRefreshToken(world.deps, login.refreshToken);
    await endSession(world.deps, session, SYSTEM);
    expect(await codeOf(authenticateRefreshToken(world.deps, login.refreshToken))).toBe('InvalidSession');
    expect(await codeOf(authenticateAccessToken(world.deps, login.accessToken))).toBe('InvalidSession');
  });

  it('a refresh token expires with the refresh lifetime', async () => {
    const login = await logInAnonymously(world.deps, world.app, world.origin);
    world.clock.advance(3_600_000);
    expect(await codeOf(authenticateRefreshToken(world.deps, login.refreshToken))).toBe('InvalidSession');
  });

  it('a token that is not one is refused, never thrown as a bug', async () => {
    expect(await codeOf(authenticateAccessToken(world.deps, 'not.a.token'))).toBe('InvalidSession');
    expect(await codeOf(authenticateRefreshToken(world.deps, 'lkr_nothing'))).toBe('InvalidSession');
  });
});
