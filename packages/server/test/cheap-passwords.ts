import { createPasswordHasher } from '../src/crypto/password.js';

/**
 * argon2id at the least memory and time it takes (a few hundred microseconds a hash instead of
 * ~50 ms): for tests of what passwords do, not of what they cost. passwords.test.ts checks the
 * real parameters; process, bench and multi-node runs use them too.
 */
export const CHEAP_PASSWORDS = createPasswordHasher({ memoryCost: 256, timeCost: 1, parallelism: 1 });
