import { LatchkeyError } from './errors.js';

/**
 * Control characters (NUL included), invisible format characters (zero-width spaces, joiners,
 * bidi marks, BOM) and line or paragraph separators: none belongs in an address, and each
 * would let one person register what looks like someone else's address again.
 */
const CONTROL_OR_INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
/**
 * A plain addr-spec (RFC 5322's dot-atom form, with RFC 6531's non-ASCII letters): no display
 * name (`Ada <a@x>`), group (`g:a@x;`), list (`a@x,`), quoted local part (`"a"@x`), comment
 * or domain literal. Mail software reads each of those as the address inside, so accepting
 * them would let one mailbox be registered under several spellings.
 */
const ATEXT = "[a-z0-9!#$%&'*+/=?^_`{|}~\\u0080-\\u{10ffff}-]+";
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?';
const EMAIL = new RegExp(`^${ATEXT}(?:\\.${ATEXT})*@${LABEL}(?:\\.${LABEL})*$`, 'u');
const MAX_LOCAL_PART_LENGTH = 64;
const MAX_EMAIL_LENGTH = 254;

/**
 * One spelling per address: NFKC (composed accents, fullwidth letters folded to ASCII),
 * surrounding whitespace trimmed, lower case. Refuses what no spelling can make safe.
 */
export function normaliseEmail(raw: string): string {
  const composed = raw.normalize('NFKC');
  // Tested before trimming: trim() quietly drops some of them (a BOM) at the ends.
  if (CONTROL_OR_INVISIBLE.test(composed)) throw new LatchkeyError('InvalidParameter', 'email contains control or invisible characters');
  return composed.trim().toLowerCase();
}

/** A normalised address that is fit to register, or InvalidParameter. */
export function parseNewEmail(raw: string): string {
  const normalised = normaliseEmail(raw);
  const localPart = normalised.slice(0, normalised.lastIndexOf('@'));
  if (!EMAIL.test(normalised) || normalised.length > MAX_EMAIL_LENGTH || localPart.length > MAX_LOCAL_PART_LENGTH)
    throw new LatchkeyError(
      'InvalidParameter',
      'email must be a plain address such as name@example.com (no display name, quotes or lists)',
    );
  return normalised;
}
