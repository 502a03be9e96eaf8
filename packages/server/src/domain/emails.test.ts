import { describe, expect, it } from 'vitest';
import { LatchkeyError } from './errors.js';
import { normaliseEmail, parseNewEmail } from './emails.js';

describe('email addresses', () => {
  it('have one spelling: composed accents, fullwidth letters folded, trimmed, lower case', () => {
    expect(normaliseEmail('Ren\u00e9@Example.com')).toBe(normaliseEmail('Rene\u0301@example.com'));
    expect(normaliseEmail('\uff41\uff44\uff41@example.com')).toBe('ada@example.com');
    expect(normaliseEmail('  ADA@example.COM ')).toBe('ada@example.com');
  });

  it('refuse control and invisible characters instead of keeping them', () => {
    for (const raw of [
      'ada\u0000@example.com',
      'ada\u200b@example.com',
      '\ufeffada@example.com',
      'ada\u200d@example.com',
      'ada@exa\u2028mple.com',
      'a\u202eda@example.com',
    ]) {
      expect(() => normaliseEmail(raw), JSON.stringify(raw)).toThrow(LatchkeyError);
    }
  });

  it('refuse what is not an address at registration', () => {
    for (const raw of ['not-an-email', 'a@', '@b', 'a b@c.d', `${'a'.repeat(250)}@b.cd`])
      expect(() => parseNewEmail(raw)).toThrow(LatchkeyError);
    expect(parseNewEmail('Ada@Example.com')).toBe('ada@example.com');
  });
});
