import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeOf, unitWorld, type UnitWorld } from '../../test/unit-fixture.js';
import { confirmByOperator } from './confirmation.js';
import { logInWithPassword } from './logins.js';
import { registerWithPassword } from './registration.js';

const DAY = 86_400_000;
let world: UnitWorld;
beforeEach(async () => (world = await unitWorld({ autoConfirm: false, emailConfirmationUrl: 'https://app.example.com/confirm' })));
afterEach(() => world.close());

const login = () => codeOf(logInWithPassword(world.deps, world.app, 'ada@example.com', 'correct horse', world.origin));

describe('confirmation', () => {
  it('a registration waits for its confirmation: the password is right, the account not yet open', async () => {
    await registerWithPassword(world.deps, world.app, 'ada@example.com', 'correct horse', world.origin);
    expect(await login()).toBe('UserNotConfirmed');
    await confirmByOperator(world.deps, world.app, 'ada@example.com', world.origin);
    expect(await login()).toBe('resolved');
    expect(await codeOf(confirmByOperator(world.deps, world.app, 'ada@example.com', world.origin))).toBe('UserAlreadyConfirmed');
  });

  it("a registration nobody confirms is forgotten after the app's pendingRegistrationTtlDays", async () => {
    await registerWithPassword(world.deps, world.app, 'ada@example.com', 'correct horse', world.origin);
    world.clock.advance(world.app.settings.pendingRegistrationTtlDays * DAY);
    expect(await login()).toBe('UserNotConfirmed');
    world.clock.advance(1);
    expect(await login()).toBe('InvalidPassword');
  });

  it('a second registration of a pending address takes it over with its own password', async () => {
    await registerWithPassword(world.deps, world.app, 'ada@example.com', 'squatter horse', world.origin);
    await registerWithPassword(world.deps, world.app, 'ada@example.com', 'correct horse', world.origin);
    await confirmByOperator(world.deps, world.app, 'ada@example.com', world.origin);
    expect(await login()).toBe('resolved');
    expect(await codeOf(logInWithPassword(world.deps, world.app, 'ada@example.com', 'squatter horse', world.origin))).toBe(
      'InvalidPassword',
    );
  });
});
