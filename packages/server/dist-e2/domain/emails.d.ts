/**
 * One spelling per address: NFKC (composed accents, fullwidth letters folded to ASCII),
 * surrounding whitespace trimmed, lower case. Refuses what no spelling can make safe.
 */
export declare function normaliseEmail(raw: string): string;
/** A normalised address that is fit to register, or InvalidParameter. */
export declare function parseNewEmail(raw: string): string;
