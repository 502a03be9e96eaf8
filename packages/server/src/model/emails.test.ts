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

  it('accept only a plain addr-spec, so one mailbox has one spelling', () => {
    // Each of these is delivered to v@x.example by mail software.
    for (const raw of [
      '<v@x.example>',
      'Victim <v@x.example>',
      'x:v@x.example;',
      'v@x.example,',
      'v@x.example, w@x.example',
      '"v"@x.example',
      '"v@x.example"',
      'v(comment)@x.example',
      'v@[192.0.2.1]',
      'v.@x.example',
      '.v@x.example',
      'v..w@x.example',
      'v@x..example',
      'v@-x.example',
      'v@x.example.',
      '\uff1cv@x.example\uff1e',
      `${'v'.repeat(65)}@x.example`,
    ]) {
      expect(() => parseNewEmail(raw), raw).toThrow(LatchkeyError);
    }
    for (const plain of ["o'brien+tag@x.example", 'first.last@sub.x.example', 'jos\u00e9@b\u00fccher.example', 'v@localhost'])
      expect(parseNewEmail(plain)).toBe(plain.normalize('NFKC'));
  });
});
