import { describe, expect, it } from 'vitest';
import { SECRET_LENGTH, generateSecret, parseSecretKind } from './key-format.js';

describe('key format', () => {
  it('generates secrets with their kind prefix and a fixed length', () => {
    expect(generateSecret('user-key')).toMatch(/^lku_[0-9A-Za-z]{49}$/);
    expect(generateSecret('server-key')).toMatch(/^lks_[0-9A-Za-z]{49}$/);
    expect(generateSecret('admin-token')).toHaveLength(SECRET_LENGTH);
  });

  it('recognises the kind of every secret it generates', () => {
    for (const kind of ['user-key', 'server-key', 'admin-token'] as const) {
      for (let i = 0; i < 50; i++) expect(parseSecretKind(generateSecret(kind))).toBe(kind);
    }
  });

  it('rejects any single changed character through the checksum', () => {
    const secret = generateSecret('user-key');
    for (let i = 4; i < secret.length; i++) {
      const replacement = secret[i] === 'x' ? 'y' : 'x';
      expect(parseSecretKind(secret.slice(0, i) + replacement + secret.slice(i + 1)), `position ${i}`).toBeNull();
    }
  });

  it('rejects a body moved under another prefix', () => {
    const secret = generateSecret('server-key');
    expect(parseSecretKind('lku_' + secret.slice(4))).toBeNull();
  });

  it('rejects wrong shapes', () => {
    for (const candidate of [
      '',
      'lku_',
      'lkx_' + 'a'.repeat(49),
      generateSecret('user-key') + 'a',
      ' ' + generateSecret('user-key').slice(1),
    ]) {
      expect(parseSecretKind(candidate)).toBeNull();
    }
  });

  it('does not repeat itself', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => generateSecret('user-key')));
    expect(seen.size).toBe(2000);
  });

  it('draws every body character uniformly from the whole alphabet', () => {
    const counts = new Map<string, number>();
    const samples = 2000;
    for (let i = 0; i < samples; i++) {
      for (const char of generateSecret('user-key').slice(4, 47)) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect(counts.size).toBe(62);
    const expected = (samples * 43) / 62;
    // Each count is binomial around ~1387 with sd ~37, so 15% is over 5 sd. Plain `byte % 62`
    // would make the first 8 characters 25% likelier than the rest, far past this bound.
    for (const count of counts.values()) expect(Math.abs(count - expected)).toBeLessThan(expected * 0.15);
  });
});
