import { MAX_CUSTOM_DATA_BYTES, MAX_CUSTOM_DATA_DEPTH } from '@latchkey/protocol';
import { LatchkeyError } from './errors.js';

/**
 * A user's custom data: one JSON document per user, set by an operator, carried in every
 * access token minted afterwards as `user_data` (realm-web's and realm-core's
 * `user.customData`). Tokens already issued keep what they carry until they are refreshed.
 */
export type CustomUserData = Record<string, unknown>;

function refuse(reason: string): never {
  throw new LatchkeyError('InvalidParameter', `custom user data ${reason}`);
}

/**
 * Walks the document without recursion (a deep one must be refused, not overflow the stack).
 * Keys starting with `$` are refused because realm-core reads `user_data` as MongoDB Extended
 * JSON: `{"$date": …}` would turn into a date, and a malformed one makes it drop the token.
 */
function checkKeysAndDepth(document: CustomUserData): void {
  const pending: { value: unknown; depth: number }[] = [{ value: document, depth: 1 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, depth } = next;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_CUSTOM_DATA_DEPTH) refuse(`is nested deeper than ${MAX_CUSTOM_DATA_DEPTH} levels`);
    const entries = Array.isArray(value) ? value.map((item) => ['', item] as const) : Object.entries(value);
    for (const [key, item] of entries) {
      if (key.startsWith('$')) refuse(`cannot have keys starting with "$" (found "${key.slice(0, 40)}")`);
      pending.push({ value: item, depth: depth + 1 });
    }
  }
}

/** The document as it will be stored, or InvalidParameter saying what is wrong with it. */
export function checkCustomUserData(value: unknown): CustomUserData {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) refuse('must be a JSON object');
  const document = value as CustomUserData;
  if (Buffer.byteLength(JSON.stringify(document)) > MAX_CUSTOM_DATA_BYTES) refuse(`must be at most ${MAX_CUSTOM_DATA_BYTES} bytes of JSON`);
  checkKeysAndDepth(document);
  return document;
}
