import { pbkdf2, scrypt, timingSafeEqual } from 'node:crypto';
import { verify as verifyArgon2 } from '@node-rs/argon2';
import { parseOptions as bcryptOptions, verify as verifyBcrypt } from '@node-rs/bcrypt';

/**
 * Password hashes made by other systems, brought in by a user import: verified at login as
 * those systems made them, and replaced with Latchkey's own argon2id at the first success.
 *
 * Accepted: bcrypt (`$2a$`, `$2b$`, `$2y$`), argon2id and argon2i (PHC strings), scrypt and
 * PBKDF2-SHA256 in PHC form (`$scrypt$ln=…`, `$pbkdf2-sha256$…`, as passlib and the PHC
 * format write them) or Django's (`scrypt$…`, `pbkdf2_sha256$…`). Other systems hashed the
 * password as typed, so it is checked as typed (Latchkey normalises its own to NFKC).
 *
 * Costs are bounded, so one imported record cannot make every login attempt on it expensive
 * for the server: a hash above a bound is refused at import, and never verified.
 */
export const IMPORTED_HASH_LIMITS = {
  bcryptCost: 15,
  argon2MemoryKiB: 262_144,
  argon2Iterations: 20,
  argon2Parallelism: 8,
  scryptMemoryBytes: 256 * 1024 * 1024,
  scryptParallelism: 16,
  pbkdf2Iterations: 5_000_000,
} as const;

/** Stored imported hashes carry this prefix, so nothing mistakes them for Latchkey's own. */
export const IMPORTED_PREFIX = 'imported:';

export type ImportedHashScheme = 'bcrypt' | 'argon2id' | 'argon2i' | 'scrypt' | 'pbkdf2-sha256';

type Parsed =
  | { scheme: 'bcrypt'; hash: string }
  | { scheme: 'argon2id' | 'argon2i'; hash: string }
  | { scheme: 'scrypt'; N: number; r: number; p: number; salt: Buffer; key: Buffer }
  | { scheme: 'pbkdf2-sha256'; iterations: number; salt: Buffer; key: Buffer };

/** A hash this module can check, or why it cannot. */
export type Recognised = { scheme: ImportedHashScheme } | { problem: string };

const DIGITS = /^\d+$/;
const BCRYPT = /^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/;
const ARGON2 = /^\$(argon2id|argon2i)\$(?:v=(\d+)\$)?m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/.=-]+\$[A-Za-z0-9+/.=-]+$/;

/** Base64 as PHC strings and passlib write it: no padding, and passlib's `.` for `+`. */
function phcBase64(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/.]+={0,2}$/.test(text)) return null;
  const bytes = Buffer.from(text.replaceAll('.', '+'), 'base64');
  return bytes.length > 0 ? bytes : null;
}

/** `ln=16,r=8,p=1` or `i=29000,l=32` into numbers; null when a value is not a plain integer. */
function phcParams(text: string): Map<string, number> | null {
  const params = new Map<string, number>();
  for (const pair of text.split(',')) {
    const [name, value] = pair.split('=');
    if (!name || value === undefined || !DIGITS.test(value)) return null;
    params.set(name, Number(value));
  }
  return params;
}

function parse(stored: string): Parsed | { problem: string } {
  if (stored.startsWith('$2')) return parseBcrypt(stored);
  if (stored.startsWith('$argon2')) return parseArgon2(stored);
  if (stored.startsWith('$scrypt$')) return parsePhcScrypt(stored);
  if (stored.startsWith('scrypt$')) return parseDjangoScrypt(stored);
  if (stored.startsWith('$pbkdf2-sha256$')) return parsePhcPbkdf2(stored);
  if (stored.startsWith('pbkdf2_sha256$')) return parseDjangoPbkdf2(stored);
  return {
    problem:
      'password_hash is in no accepted format (bcrypt $2a$/$2b$/$2y$, argon2id or argon2i PHC strings, ' +
      'scrypt or PBKDF2-SHA256 in PHC or Django form)',
  };
}

function parseBcrypt(stored: string): Parsed | { problem: string } {
  if (!BCRYPT.test(stored)) return { problem: 'password_hash looks like bcrypt but is malformed' };
  let cost: number;
  try {
    cost = bcryptOptions(stored).cost;
  } catch {
    return { problem: 'password_hash looks like bcrypt but is malformed' };
  }
  if (cost > IMPORTED_HASH_LIMITS.bcryptCost)
    return { problem: `password_hash is bcrypt with cost ${cost}; at most ${IMPORTED_HASH_LIMITS.bcryptCost} is accepted` };
  return { scheme: 'bcrypt', hash: stored };
}

function parseArgon2(stored: string): Parsed | { problem: string } {
  const found = ARGON2.exec(stored);
  if (!found) return { problem: 'password_hash looks like argon2 but is not an argon2id or argon2i PHC string' };
  const [, variant, , m, t, p] = found;
  const limits = IMPORTED_HASH_LIMITS;
  if (Number(m) > limits.argon2MemoryKiB || Number(t) > limits.argon2Iterations || Number(p) > limits.argon2Parallelism) {
    return {
      problem: `password_hash is argon2 with m=${m},t=${t},p=${p}; at most m=${limits.argon2MemoryKiB},t=${limits.argon2Iterations},p=${limits.argon2Parallelism} is accepted`,
    };
  }
  return { scheme: variant as 'argon2id' | 'argon2i', hash: stored };
}

function scryptWithin(N: number, r: number, p: number): { problem: string } | null {
  const valid = N > 1 && (N & (N - 1)) === 0 && r > 0 && p > 0;
  if (!valid) return { problem: 'password_hash is scrypt with invalid parameters (N must be a power of two above 1, r and p positive)' };
  if (128 * N * r > IMPORTED_HASH_LIMITS.scryptMemoryBytes || p > IMPORTED_HASH_LIMITS.scryptParallelism)
    return { problem: `password_hash is scrypt with N=${N},r=${r},p=${p}, which needs more than 256 MiB or 16 lanes` };
  return null;
}

/** passlib's `$scrypt$ln=16,r=8,p=1$<salt>$<key>`. */
function parsePhcScrypt(stored: string): Parsed | { problem: string } {
  const [, , paramText = '', saltText = '', keyText = '', ...rest] = stored.split('$');
  const params = phcParams(paramText);
  const salt = phcBase64(saltText);
  const key = phcBase64(keyText);
  const ln = params?.get('ln');
  if (rest.length || !params || ln === undefined || !salt || !key || ln > 30)
    return { problem: 'password_hash looks like a PHC scrypt string ($scrypt$ln=…,r=…,p=…$salt$hash) but is malformed' };
  const N = 2 ** ln;
  const r = params.get('r') ?? 8;
  const p = params.get('p') ?? 1;
  return scryptWithin(N, r, p) ?? { scheme: 'scrypt', N, r, p, salt, key };
}

/** Django's `scrypt$<N>$<salt>$<r>$<p>$<key>`: the salt is text, the key 64 bytes of base64. */
function parseDjangoScrypt(stored: string): Parsed | { problem: string } {
  const [, n = '', saltText = '', r = '', p = '', keyText = '', ...rest] = stored.split('$');
  const key = phcBase64(keyText);
  if (rest.length || !DIGITS.test(n) || !DIGITS.test(r) || !DIGITS.test(p) || !saltText || !key)
    return { problem: "password_hash looks like Django's scrypt (scrypt$N$salt$r$p$hash) but is malformed" };
  const [N, R, P] = [Number(n), Number(r), Number(p)];
  return scryptWithin(N, R, P) ?? { scheme: 'scrypt', N, r: R, p: P, salt: Buffer.from(saltText, 'utf8'), key };
}

function pbkdf2Within(iterations: number): { problem: string } | null {
  if (iterations < 1) return { problem: 'password_hash is PBKDF2 with no iterations' };
  if (iterations > IMPORTED_HASH_LIMITS.pbkdf2Iterations)
    return {
      problem: `password_hash is PBKDF2 with ${iterations} iterations; at most ${IMPORTED_HASH_LIMITS.pbkdf2Iterations} are accepted`,
    };
  return null;
}

/** `$pbkdf2-sha256$<rounds>$<salt>$<key>` (passlib) or `$pbkdf2-sha256$i=<rounds>[,l=<length>]$<salt>$<key>` (PHC). */
function parsePhcPbkdf2(stored: string): Parsed | { problem: string } {
  const [, , paramText = '', saltText = '', keyText = '', ...rest] = stored.split('$');
  const iterations = DIGITS.test(paramText) ? Number(paramText) : phcParams(paramText)?.get('i');
  const salt = phcBase64(saltText);
  const key = phcBase64(keyText);
  if (rest.length || iterations === undefined || !salt || !key)
    return { problem: 'password_hash looks like a PHC PBKDF2-SHA256 string ($pbkdf2-sha256$rounds$salt$hash) but is malformed' };
  return pbkdf2Within(iterations) ?? { scheme: 'pbkdf2-sha256', iterations, salt, key };
}

/** Django's `pbkdf2_sha256$<iterations>$<salt>$<key>`: the salt is text. */
function parseDjangoPbkdf2(stored: string): Parsed | { problem: string } {
  const [, rounds = '', saltText = '', keyText = '', ...rest] = stored.split('$');
  const key = phcBase64(keyText);
  if (rest.length || !DIGITS.test(rounds) || !saltText || !key)
    return { problem: "password_hash looks like Django's PBKDF2 (pbkdf2_sha256$iterations$salt$hash) but is malformed" };
  const iterations = Number(rounds);
  return pbkdf2Within(iterations) ?? { scheme: 'pbkdf2-sha256', iterations, salt: Buffer.from(saltText, 'utf8'), key };
}

/** Whether an imported record's `password_hash` can be used, checked once at import. */
export function recogniseImportedHash(stored: string): Recognised {
  const parsed = parse(stored);
  return 'problem' in parsed ? parsed : { scheme: parsed.scheme };
}

function sameBytes(actual: Buffer, expected: Buffer): boolean {
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Checks a password against an imported hash (without its IMPORTED_PREFIX); false for any hash not accepted. */
export async function verifyImportedHash(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if ('problem' in parsed) return false;
  switch (parsed.scheme) {
    case 'bcrypt':
      return verifyBcrypt(password, parsed.hash).catch(() => false);
    case 'argon2id':
    case 'argon2i':
      return verifyArgon2(parsed.hash, password).catch(() => false);
    case 'scrypt': {
      const { N, r, p, salt, key } = parsed;
      return new Promise((resolve) =>
        scrypt(password, salt, key.length, { N, r, p, maxmem: 256 * N * r }, (error, actual) => resolve(!error && sameBytes(actual, key))),
      );
    }
    case 'pbkdf2-sha256': {
      const { iterations, salt, key } = parsed;
      return new Promise((resolve) =>
        pbkdf2(password, salt, iterations, key.length, 'sha256', (error, actual) => resolve(!error && sameBytes(actual, key))),
      );
    }
  }
}
