import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { IMPORTED_HASH_LIMITS, recogniseImportedHash, verifyImportedHash } from './imported-hashes.js';

/**
 * Hashes other systems made, checked against vectors those systems published: the bcrypt
 * test vectors of OpenBSD's and Openwall's crypt_blowfish ("U*U"), passlib's documentation
 * (PBKDF2-SHA256 and scrypt), Django's test suite (PBKDF2 and scrypt, salt "seasalt").
 */
const VECTORS: [scheme: string, password: string, stored: string][] = [
  ['bcrypt', 'U*U', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
  ['bcrypt', 'U*U', '$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
  ['bcrypt', 'U*U', '$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
  ['pbkdf2-sha256', 'toomanysecrets', '$pbkdf2-sha256$29000$N2YMIWQsBWBMae09x1jrPQ$1t8iyB2A.WF/Z5JZv.lfCIhXXN33N23OSgQYThBYRfk'],
  ['pbkdf2-sha256', 'password', '$pbkdf2-sha256$6400$0ZrzXitFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M'],
  ['pbkdf2-sha256', 'lètmein', 'pbkdf2_sha256$260000$seasalt$YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQo='],
  ['scrypt', 'password', '$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E'],
  [
    'scrypt',
    'lètmein',
    'scrypt$16384$seasalt$8$1$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw==',
  ],
];

describe('password hashes from other systems', () => {
  it.each(VECTORS)('verifies %s vectors, and refuses a wrong password', async (scheme, password, stored) => {
    expect(recogniseImportedHash(stored)).toEqual({ scheme });
    expect(await verifyImportedHash(password, stored)).toBe(true);
    expect(await verifyImportedHash(`${password}x`, stored)).toBe(false);
  });

  it('verifies argon2i and argon2id PHC strings, with the password as typed (not normalised)', async () => {
    for (const algorithm of [1, 2] as const) {
      const stored = await hash('café', { algorithm, memoryCost: 1024, timeCost: 1, parallelism: 1 });
      expect(recogniseImportedHash(stored)).toEqual({ scheme: algorithm === 1 ? 'argon2i' : 'argon2id' });
      expect(await verifyImportedHash('café', stored)).toBe(true);
      // The same word in decomposed form is another password to the system that hashed it.
      expect(await verifyImportedHash('cafe\u0301', stored)).toBe(false);
    }
  });

  it('refuses at import what no accepted scheme reads, or costs more than the bounds, naming why', () => {
    const problems: [string, RegExp][] = [
      ['md5$abc$def', /no accepted format/],
      ['$2a$05$short', /bcrypt but is malformed/],
      [`$2b$${IMPORTED_HASH_LIMITS.bcryptCost + 1}$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW`, /cost 16; at most 15/],
      ['$argon2id$v=19$m=1048576,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g', /at most m=262144/],
      ['$argon2d$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g', /not an argon2id or argon2i/],
      ['$scrypt$ln=22,r=8,p=1$c2FsdA$aGFzaA', /more than 256 MiB/],
      ['scrypt$16385$salt$8$1$aGFzaA==', /power of two/],
      ['$pbkdf2-sha256$99999999$c2FsdA$aGFzaA', /at most 5000000/],
      ['pbkdf2_sha256$many$salt$aGFzaA==', /Django's PBKDF2/],
    ];
    for (const [stored, reason] of problems) {
      const recognised = recogniseImportedHash(stored);
      expect('problem' in recognised && recognised.problem, stored).toMatch(reason);
    }
  });

  it('never verifies a hash it would refuse', async () => {
    expect(await verifyImportedHash('password', '$pbkdf2-sha256$99999999$c2FsdA$aGFzaA')).toBe(false);
    expect(await verifyImportedHash('password', 'plain-text-password')).toBe(false);
  });
});
