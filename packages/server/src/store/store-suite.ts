import { afterEach, beforeEach, describe, expect } from 'vitest';
import { newObjectId } from '../crypto/ids.js';
import { DEFAULT_APP_SETTINGS } from '../model/apps.js';
import type { Store } from './store.js';
import { appsSuite } from './store-suite/apps.js';
import { createFixture } from './store-suite/fixture.js';
import { deploymentSuite } from './store-suite/deployment.js';
import { flowsSuite } from './store-suite/flows.js';
import { keysSuite } from './store-suite/keys.js';
import { keyLifecycleSuite } from './store-suite/key-lifecycle.js';
import { operationsSuite } from './store-suite/operations.js';
import { sessionsSuite } from './store-suite/sessions.js';
import { usersSuite } from './store-suite/users.js';

/**
 * The behaviour every storage adapter must have, run against each (SQLite and PostgreSQL):
 * `makeStore` returns an empty, migrated store. The parts live in store-suite/.
 */
export function testStore(adapterName: string, makeStore: () => Promise<Store>): void {
  describe(`${adapterName} store`, () => {
    const fx = createFixture(1_800_000_000_000);

    beforeEach(async () => {
      fx.store = await makeStore();
      fx.app = {
        id: newObjectId(),
        clientAppId: `app-${newObjectId()}`,
        name: 'test',
        settings: DEFAULT_APP_SETTINGS,
        webhookSecret: null,
        createdAt: fx.now,
      };
      expect(await fx.store.insertApp(fx.app)).toBe('inserted');
    });
    afterEach(() => fx.store.close());

    appsSuite(fx);
    usersSuite(fx);
    sessionsSuite(fx);
    keysSuite(fx);
    keyLifecycleSuite(fx);
    flowsSuite(fx);
    operationsSuite(fx);
    deploymentSuite(fx);
  });
}
