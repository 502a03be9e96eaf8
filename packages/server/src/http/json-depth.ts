/**
 * Whether JSON text nests arrays and objects deeper than `limit`, read without parsing it.
 * A body is measured before anything walks it: JSON.parse copes with thousands of levels, but
 * what comes after (schema validation, JSON.stringify of a webhook body or of custom data)
 * recurses and overflows the stack long before a body limit of a few KiB is reached.
 */
export function exceedsNestingDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === BACKSLASH) index++;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) inString = true;
    else if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) depth--;
  }
  return false;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
