import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { turnsDuring, unitWorld, type UnitWorld } from '../../test/unit-fixture.js';
import { newObjectId } from '../crypto/ids.js';
import { logInAnonymously } from './logins.js';
import { runMaintenance } from './maintenance.js';

let world: UnitWorld;
beforeEach(async () => (world = await unitWorld()));
afterEach(() => world.close());

describe('background maintenance', () => {
  it('sweeps expired sessions in batches, letting the event loop serve between them', async () => {
    const { userId } = await logInAnonymously(world.deps, world.app, world.origin);
    const now = world.clock.now();
    const expired = Array.from({ length: 2_500 }, (_, n) => ({
      id: newObjectId(now - 10_000 + n),
      appId: world.app.id,
      userId,
      keyId: null,
      refreshHash: randomBytes(32),
      deviceId: '000000000000000000000000',
      createdAt: now - 10_000,
      expiresAt: now - 1_000 + n / 10,
      scopes: null,
    }));
    await Promise.all(expired.map((session) => world.deps.store.insertSession(session, null)));
    // Turns of the event loop taken while the sweep runs: a request waiting for one is served then.
    let removed: Awaited<ReturnType<typeof runMaintenance>> | undefined;
    const turns = await turnsDuring(async () => (removed = await runMaintenance(world.deps)));
    expect(removed?.expiredSessions).toBe(2_500);
    expect(await world.deps.store.countLiveSessions(now)).toBe(1);
    // Three batches of sessions at least, each followed by a turn.
    expect(turns).toBeGreaterThanOrEqual(3);
  });
});
