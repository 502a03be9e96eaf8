import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { turnsDuring, unitWorld, type UnitWorld } from '../../test/unit-fixture.js';
import { newObjectId } from '../crypto/ids.js';
import { ActivityRecorder } from './activity.js';
import { logInAnonymously } from './logins.js';

let world: UnitWorld;
beforeEach(async () => (world = await unitWorld()));
afterEach(() => world.close());

describe('activity (last logins and key uses)', () => {
  it('writes thousands of remembered uses in chunks, letting the event loop serve between them', async () => {
    const { userId } = await logInAnonymously(world.deps, world.app, world.origin);
    const activity = new ActivityRecorder(world.deps.store, world.clock, (error) => {
      throw error;
    });
    world.clock.advance(1_000);
    activity.loggedIn(userId);
    // Logins over many keys: each a user and a key of its own (these ids match no rows; the writes are the same).
    for (let n = 0; n < 1_600; n++) activity.loggedIn(newObjectId(world.clock.now() + n));
    const turns = await turnsDuring(() => activity.flush());
    expect(turns).toBeGreaterThanOrEqual(3);
    const record = await world.deps.store.findUser(world.app.id, userId);
    expect(record?.lastLoginAt).toBe(world.clock.now());
  });
});
