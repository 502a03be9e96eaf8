import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeOf, unitWorld, type UnitWorld } from '../../test/unit-fixture.js';
import { logInWithPassword } from './logins.js';
import { registerWithPassword } from './registration.js';

let world: UnitWorld;
beforeEach(async () => (world = await unitWorld()));
afterEach(() => world.close());

const from = (ip: string) => ({ ...world.origin, ip });
const login = (email: string, password: string, ip = '192.0.2.1') =>
  codeOf(logInWithPassword(world.deps, world.app, email, password, from(ip)));

describe('the password throttle', () => {
  it('counts five attempts from an address, then refuses even the right password until the block passes', async () => {
    await registerWithPassword(world.deps, world.app, 'ada@example.com', 'correct horse', world.origin);
    for (let attempt = 0; attempt < 5; attempt++) expect(await login('ada@example.com', 'wrong horse')).toBe('InvalidPassword');
    expect(await login('ada@example.com', 'correct horse')).toBe('TooManyRequests');
    world.clock.advance(2_000);
    expect(await login('ada@example.com', 'correct horse')).toBe('resolved');
  });

  it('answers an unknown address as it answers a registered one, throttle included', async () => {
    await registerWithPassword(world.deps, world.app, 'ada@example.com', 'correct horse', world.origin);
    const registered: unknown[] = [];
    const unknown: unknown[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      registered.push(await login('ada@example.com', 'wrong horse', '192.0.2.7'));
      unknown.push(await login('nobody@example.com', 'wrong horse', '192.0.2.8'));
    }
    expect(unknown).toEqual(registered);
    expect(registered.slice(-2)).toEqual(['TooManyRequests', 'TooManyRequests']);
  });

  it("an address that gave the password stays open while strangers lock the account's other addresses", async () => {
    await registerWithPassword(world.deps, world.app, 'ada@example.com', 'correct horse', world.origin);
    expect(await login('ada@example.com', 'correct horse', '198.51.100.1')).toBe('resolved');
    for (let stranger = 0; stranger < 6; stranger++) {
      for (let attempt = 0; attempt < 4; attempt++) await login('ada@example.com', 'wrong horse', `203.0.113.${stranger}`);
    }
    expect(await login('ada@example.com', 'correct horse', '203.0.113.200')).toBe('TooManyRequests');
    expect(await login('ada@example.com', 'correct horse', '198.51.100.1')).toBe('resolved');
  });
});

describe('registration', () => {
  it('refuses a password shorter than six characters, and an address already registered', async () => {
    expect(await codeOf(registerWithPassword(world.deps, world.app, 'ada@example.com', 'short', world.origin))).toBe('InvalidParameter');
    await registerWithPassword(world.deps, world.app, 'ada@example.com', 'correct horse', world.origin);
    expect(await codeOf(registerWithPassword(world.deps, world.app, 'ADA@example.com', 'other horse', world.origin))).toBe(
      'AccountNameInUse',
    );
  });
});
