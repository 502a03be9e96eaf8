import { availableParallelism } from 'node:os';
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { hash, verify as verifyArgon2, type Algorithm } from '@node-rs/argon2';
import { LatchkeyError } from '../model/errors.js';
import { IMPORTED_PREFIX, verifyImportedHash } from './imported-hashes.js';

/**
 * Passwords are hashed with argon2id at OWASP's first recommendation (Password Storage Cheat
 * Sheet: m = 19 MiB, t = 2, p = 1), through @node-rs/argon2 (prebuilt, off the event loop).
 * Each hash is a PHC string that carries its parameters, so they can be raised later: a hash
 * made with other parameters, or by the scrypt of Latchkey's first versions, still verifies,
 * and is replaced at the user's next successful login (`needsRehash`). So is a hash another
 * system made, brought in by an import (imported-hashes.ts).
 */
export const ARGON2_PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
/** Algorithm.Argon2id (a const enum, which isolated modules cannot read). */
const ARGON2ID = 2 as Algorithm;

/**
 * At most this many hashes run at once, each holding its memory (19 MiB for argon2id, 32 MiB
 * for legacy scrypt); the rest wait their turn, and past MAX_WAITING a flood is refused
 * rather than queued without end. Rate limits stop one address long before that.
 */
const MAX_RUNNING = Math.max(2, availableParallelism());
const MAX_WAITING = 256;

/** Thrown when the hashing queue is full: answered 503 (retry shortly), never a crash. */
export class PasswordHashingBusyError extends LatchkeyError {
  constructor() {
    super('ServiceUnavailable', 'too many password checks in progress; retry shortly', 1);
    this.name = 'PasswordHashingBusyError';
    this.warning = 'password hashing queue full: refusing';
  }
}

export type Argon2Params = { memoryCost: number; timeCost: number; parallelism: number };

/**
 * Hashing and checking passwords: a dependency of the domain, so that tests can use cheap
 * parameters (the server always uses ARGON2_PARAMS). Each hasher keeps its own queue.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /** Whether a stored hash was made otherwise than this hasher makes them now. */
  needsRehash(stored: string): boolean;
  /**
   * Spends the same time as a real verification, for logins naming an unknown email, so that
   * response time does not reveal which emails are registered.
   */
  spendVerification(password: string): Promise<void>;
  /** The most hashes that ever ran at once, and the cap (for the test of the cap). */
  concurrency(): { busiest: number; limit: number };
}

export function createPasswordHasher(params: Argon2Params = ARGON2_PARAMS): PasswordHasher {
  let running = 0;
  let busiest = 0;
  const waiting: (() => void)[] = [];
  async function inTurn<T>(work: () => Promise<T>): Promise<T> {
    if (running >= MAX_RUNNING) {
      if (waiting.length >= MAX_WAITING) throw new PasswordHashingBusyError();
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    running++;
    busiest = Math.max(busiest, running);
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  }
  const hashNow = (password: string) => inTurn(() => hash(password.normalize('NFKC'), { algorithm: ARGON2ID, ...params }));
  const verify = async (password: string, stored: string): Promise<boolean> => {
    if (stored.startsWith('scrypt$')) return inTurn(() => verifyScrypt(password, stored));
    if (stored.startsWith(IMPORTED_PREFIX)) return inTurn(() => verifyImportedHash(password, stored.slice(IMPORTED_PREFIX.length)));
    if (!stored.startsWith('$argon2id$')) return false;
    return inTurn(() => verifyArgon2(stored, password.normalize('NFKC')).catch(() => false));
  };
  let dummyHash: Promise<string> | undefined;
  return {
    hash: hashNow,
    verify,
    needsRehash: (stored) => needsRehash(stored, params),
    async spendVerification(password) {
      dummyHash ??= hashNow('latchkey-timing-equaliser');
      await verify(password, await dummyHash);
    },
    concurrency: () => ({ busiest, limit: MAX_RUNNING }),
  };
}

function needsRehash(stored: string, params: Argon2Params): boolean {
  const found = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  return (
    !found || Number(found[1]) !== params.memoryCost || Number(found[2]) !== params.timeCost || Number(found[3]) !== params.parallelism
  );
}

/** `scrypt$N$r$p$salt$key`, as Latchkey stored passwords before argon2id (N=2^15, r=8, p=1). */
function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [, n, r, p, salt, key] = stored.split('$');
  if (!n || !r || !p || !salt || !key) return Promise.resolve(false);
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  const expected = Buffer.from(key, 'base64');
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, options, (error, actual) => {
      if (error) reject(error);
      else resolve(actual.length === expected.length && timingSafeEqual(actual, expected));
    });
  });
}

/** A scrypt hash as the first versions made them: for tests of the upgrade path only. */
export function legacyScryptHash(password: string): Promise<string> {
  const salt = randomBytes(16);
  const params = { N: 2 ** 15, r: 8, p: 1 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, 32, { ...params, maxmem: 256 * params.N * params.r }, (error, key) => {
      if (error) reject(error);
      else resolve(['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$'));
    });
  });
}
