import { describe, expect, it } from 'vitest';
import { exceedsNestingDepth } from './json-depth.js';

const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe('exceedsNestingDepth', () => {
  it('counts arrays and objects alike, up to the limit and one past it', () => {
    expect(exceedsNestingDepth(nested(3), 3)).toBe(false);
    expect(exceedsNestingDepth(nested(4), 3)).toBe(true);
    expect(exceedsNestingDepth('{"a":{"b":[1]}}', 3)).toBe(false);
    expect(exceedsNestingDepth('{"a":{"b":[{}]}}', 3)).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(exceedsNestingDepth(JSON.stringify({ text: '[[[[{{{{' }), 1)).toBe(false);
    expect(exceedsNestingDepth(JSON.stringify({ text: 'say \\"[[[[\\" \\\\' }), 1)).toBe(false);
    expect(exceedsNestingDepth(JSON.stringify({ text: '"', more: [[1]] }), 2)).toBe(true);
  });

  it('measures siblings by their own depth, not their sum', () => {
    expect(exceedsNestingDepth(JSON.stringify([[1], [2], [3], [4]]), 2)).toBe(false);
  });

  it('reads tens of thousands of levels without recursion', () => {
    expect(exceedsNestingDepth(nested(100_000), 64)).toBe(true);
  });
});
