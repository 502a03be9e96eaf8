import { LatchkeyError } from './errors.js';
/**
 * Control characters (NUL included), invisible format characters (zero-width spaces, joiners,
 * bidi marks, BOM) and line or paragraph separators: none belongs in an address, and each
 * would let one person register what looks like someone else's address again.
 */
const CONTROL_OR_INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const MAX_EMAIL_LENGTH = 254;
/**
 * One spelling per address: NFKC (composed accents, fullwidth letters folded to ASCII),
 * surrounding whitespace trimmed, lower case. Refuses what no spelling can make safe.
 */
export function normaliseEmail(raw) {
    const composed = raw.normalize('NFKC');
    // Tested before trimming: trim() quietly drops some of them (a BOM) at the ends.
    if (CONTROL_OR_INVISIBLE.test(composed))
        throw new LatchkeyError('InvalidParameter', 'email contains control or invisible characters');
    return composed.trim().toLowerCase();
}
/** A normalised address that is fit to register, or InvalidParameter. */
export function parseNewEmail(raw) {
    const normalised = normaliseEmail(raw);
    if (!EMAIL.test(normalised) || normalised.length > MAX_EMAIL_LENGTH)
        throw new LatchkeyError('InvalidParameter', 'email is not a valid address');
    return normalised;
}
//# sourceMappingURL=emails.js.map