import { describe, expect, it } from 'vitest';
import { randomBytesFromPool } from './random-pool.js';

describe('random pool', () => {
  it('never hands out the same bytes twice, across refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) seen.add(randomBytesFromPool(16).toString('hex'));
    expect(seen.size).toBe(5000);
  });

  it('returns copies that later draws do not change', () => {
    const first = randomBytesFromPool(32);
    const copy = Buffer.from(first);
    for (let i = 0; i < 300; i++) randomBytesFromPool(32);
    expect(first.equals(copy)).toBe(true);
  });

  it('refuses requests larger than the pool', () => {
    expect(() => randomBytesFromPool(5000)).toThrow(RangeError);
  });
});
