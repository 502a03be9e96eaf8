/**
 * Keys whose secrets the benchmark knows without storing them: `knownKey(set, n)` is the n-th
 * key of a set, so a seeder can write millions of their hashes in bulk and a load generator (in
 * another process) can log in with any of them, drawn at random, without a list of millions.
 * Each has a key's real shape (prefix, 43 base62 characters, the CRC), so the server takes
 * the same path as for a key it issued; the per-run salt keeps the secrets unguessable.
 */
import { hash, randomInt } from 'node:crypto';
import { withChecksum } from '../../packages/server/dist/crypto/key-format.js';

export interface KeySet {
  /** 20 base62 characters, fresh per run. */
  salt: string;
  count: number;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function newKeySet(count: number): KeySet {
  return { salt: Array.from({ length: 20 }, () => BASE62[randomInt(62)]).join(''), count };
}

/** The n-th key of the set: the salt, then n in base 36 (a subset of base62), 43 characters in all. */
export function knownKey(set: KeySet, n: number): string {
  return withChecksum(`lku_${set.salt}${n.toString(36).padStart(23, '0')}`);
}

/** What the store keeps of it: the SHA-256 of the whole secret. */
export const knownKeyHash = (set: KeySet, n: number): Buffer => hash('sha256', knownKey(set, n), 'buffer');
