import { describe, expect, it } from 'vitest';
import { isObjectId, newObjectId } from './ids.js';

describe('object ids', () => {
  it('are 24 lowercase hex characters that start with the time in seconds', () => {
    const id = newObjectId(1_800_000_000_000);
    expect(isObjectId(id)).toBe(true);
    expect(parseInt(id.slice(0, 8), 16)).toBe(1_800_000_000);
  });

  it('never repeat and only grow within a second', () => {
    const ids = Array.from({ length: 10_000 }, () => newObjectId(1_800_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
    // The counter may wrap once at 2^24, which 10,000 ids cross at most once.
    const wraps = ids.filter((id, i) => i > 0 && id < ids[i - 1]!).length;
    expect(wraps).toBeLessThanOrEqual(1);
  });
});
