/**
 * The protocol's textual forms, each with what it means in words: schemas check the pattern,
 * and an error message says the words (never the regular expression). No TypeBox here, so
 * the message formatter can be loaded without it.
 */
/** 1–64 ASCII letters, digits, `_` or `-` (App Services' rule), unique per owner. */
export const KEY_NAME_PATTERN = '^[A-Za-z0-9_-]{1,64}$';
/** Lower-case letters, digits and dashes, as App Services client app ids (`todo-abcde`). */
export const CLIENT_APP_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';
export const CORS_ORIGIN_PATTERN = '^(\\*|https?://[^\\s/]+)$';
/** Pages and webhooks the server links to or calls: absolute http(s) URLs. */
export const URL_PATTERN = '^https?://[^\\s]+$';
/** A scope's spelling: what RFC 6749 allows in a scope token, minus quotes and backslashes. */
export const SCOPE_PATTERN = '^[A-Za-z0-9_.:/-]{1,64}$';
export const OBJECT_ID_PATTERN = '^[0-9a-f]{24}$';

/** What each pattern means, said as the end of "… must be". */
export const PATTERN_HINTS: Record<string, string> = {
  [KEY_NAME_PATTERN]: '1 to 64 letters, digits, underscores or hyphens',
  [CLIENT_APP_ID_PATTERN]: 'up to 64 lower-case letters, digits or hyphens, starting with a letter or digit',
  [CORS_ORIGIN_PATTERN]: 'an origin such as https://app.example.com (scheme and host, no path), or *',
  [URL_PATTERN]: 'an absolute http:// or https:// URL',
  [SCOPE_PATTERN]: '1 to 64 letters, digits or the characters _ . : / -',
  [OBJECT_ID_PATTERN]: 'an id of 24 hexadecimal digits (0-9, a-f)',
};
