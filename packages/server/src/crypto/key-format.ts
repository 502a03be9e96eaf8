import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * Latchkey secrets look like `lku_<43 base62 chars of entropy><6 base62 chars of CRC-32>`.
 * The prefix names the kind so a leaked secret is recognisable (and routable to the right
 * table); base62 keeps the whole secret selectable with a double click; the CRC lets secret
 * scanners, and the server before any database work, reject typos and forgeries cheaply.
 */
export type SecretKind = 'user-key' | 'server-key' | 'refresh-token' | 'admin-token';

const PREFIXES: Record<SecretKind, string> = {
  'user-key': 'lku_',
  'server-key': 'lks_',
  'refresh-token': 'lkr_',
  'admin-token': 'lka_',
};

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ENTROPY_BYTES = 32;
// 62^43 > 2^256, so 43 digits hold 32 random bytes; 62^6 > 2^32 holds the CRC.
const BODY_LENGTH = 43;
const CHECKSUM_LENGTH = 6;
const PREFIX_LENGTH = 4;
export const SECRET_LENGTH = PREFIX_LENGTH + BODY_LENGTH + CHECKSUM_LENGTH;
const SECRET_PATTERN = /^lk[usra]_[0-9A-Za-z]{49}$/;

function toBase62(value: bigint, width: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < width; i++) {
    out = ALPHABET[Number(rest % 62n)] + out;
    rest /= 62n;
  }
  return out;
}

function checksumOf(prefixAndBody: string): string {
  return toBase62(BigInt(crc32(prefixAndBody)), CHECKSUM_LENGTH);
}

/** A fresh secret of the given kind with 256 bits from `node:crypto`. */
export function generateSecret(kind: SecretKind): string {
  const body = toBase62(BigInt('0x' + randomBytes(ENTROPY_BYTES).toString('hex')), BODY_LENGTH);
  const prefixAndBody = PREFIXES[kind] + body;
  return prefixAndBody + checksumOf(prefixAndBody);
}

/**
 * The kind of a well-formed secret, or null when the shape or checksum is wrong. This is not
 * authentication: a well-formed secret may still be unknown.
 */
export function parseSecretKind(candidate: string): SecretKind | null {
  if (candidate.length !== SECRET_LENGTH || !SECRET_PATTERN.test(candidate)) return null;
  const split = SECRET_LENGTH - CHECKSUM_LENGTH;
  if (checksumOf(candidate.slice(0, split)) !== candidate.slice(split)) return null;
  const prefix = candidate.slice(0, PREFIX_LENGTH);
  for (const [kind, kindPrefix] of Object.entries(PREFIXES) as [SecretKind, string][]) {
    if (kindPrefix === prefix) return kind;
  }
  return null;
}
