import { describe, expect, it } from 'vitest';
import { SECRET_LENGTH, generateSecret, parseSecretKind } from './key-format.js';

describe('key format', () => {
  it('generates secrets with their kind prefix and a fixed length', () => {
    expect(generateSecret('user-key')).toMatch(/^lku_[0-9A-Za-z]{49}$/);
    expect(generateSecret('server-key')).toMatch(/^lks_[0-9A-Za-z]{49}$/);
    expect(generateSecret('refresh-token')).toMatch(/^lkr_[0-9A-Za-z]{49}$/);
    expect(generateSecret('admin-token')).toHaveLength(SECRET_LENGTH);
  });

  it('recognises the kind of every secret it generates', () => {
    for (const kind of ['user-key', 'server-key', 'refresh-token', 'admin-token'] as const) {
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
    const secret = generateSecret('refresh-token');
    expect(parseSecretKind('lku_' + secret.slice(4))).toBeNull();
  });

  it('rejects wrong shapes', () => {
    for (const candidate of ['', 'lku_', 'lkx_' + 'a'.repeat(49), generateSecret('user-key') + 'a', ' ' + generateSecret('user-key').slice(1)]) {
      expect(parseSecretKind(candidate)).toBeNull();
    }
  });

  it('does not repeat itself', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => generateSecret('user-key')));
    expect(seen.size).toBe(2000);
  });

  it('spreads entropy over the whole body, not just a few characters', () => {
    const columns = Array.from({ length: 43 }, () => new Set<string>());
    for (let i = 0; i < 500; i++) {
      const body = generateSecret('user-key').slice(4, 47);
      [...body].forEach((char, index) => columns[index]!.add(char));
    }
    // The leading digit only ranges over part of the alphabet (62^43 is a bit above 2^256).
    for (const column of columns.slice(1)) expect(column.size).toBeGreaterThan(40);
  });
});
