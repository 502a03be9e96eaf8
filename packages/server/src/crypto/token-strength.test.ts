import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSecret } from './key-format.js';
import { estimateEntropyBits } from './token-strength.js';

describe('estimateEntropyBits', () => {
  it('gives 32 random bytes, in hex, base64 or as a generated admin token, well over 128 bits', () => {
    // The estimate of random base64 dips to about 193 bits (lowest of 20,000 draws): 160 leaves room, and is still well over 128.
    for (let round = 0; round < 20; round++) {
      expect(estimateEntropyBits(randomBytes(32).toString('hex'))).toBeGreaterThan(160);
      expect(estimateEntropyBits(randomBytes(32).toString('base64'))).toBeGreaterThan(160);
      expect(estimateEntropyBits(generateSecret('admin-token'))).toBeGreaterThan(160);
    }
  });

  it('scores repeats, cycles, words and short secrets under 128 bits', () => {
    for (const weak of [
      'a'.repeat(64),
      'ab'.repeat(32),
      '0123456789'.repeat(3),
      'password1234567890',
      'correct-horse-battery-staple',
      'admin-admin-admin-admin-admin',
      'Xk9#mQ2$vL7!',
    ]) {
      expect(estimateEntropyBits(weak), weak).toBeLessThan(128);
    }
  });
});
