import { LatchkeyError } from './errors.js';
/** It rides in every access token, and so in every Authorization header. */
export const MAX_CUSTOM_DATA_BYTES = 16 * 1024;
export const MAX_CUSTOM_DATA_DEPTH = 64;
function refuse(reason) {
    throw new LatchkeyError('InvalidParameter', `custom user data ${reason}`);
}
/**
 * Walks the document without recursion (a deep one must be refused, not overflow the stack).
 * Keys starting with `$` are refused because realm-core reads `user_data` as MongoDB Extended
 * JSON: `{"$date": …}` would turn into a date, and a malformed one makes it drop the token.
 */
function checkKeysAndDepth(document) {
    const pending = [{ value: document, depth: 1 }];
    for (let next = pending.pop(); next; next = pending.pop()) {
        const { value, depth } = next;
        if (typeof value !== 'object' || value === null)
            continue;
        if (depth > MAX_CUSTOM_DATA_DEPTH)
            refuse(`is nested deeper than ${MAX_CUSTOM_DATA_DEPTH} levels`);
        const entries = Array.isArray(value) ? value.map((item) => ['', item]) : Object.entries(value);
        for (const [key, item] of entries) {
            if (key.startsWith('$'))
                refuse(`cannot have keys starting with "$" (found "${key.slice(0, 40)}")`);
            pending.push({ value: item, depth: depth + 1 });
        }
    }
}
/** The document as it will be stored, or InvalidParameter saying what is wrong with it. */
export function checkCustomUserData(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        refuse('must be a JSON object');
    const document = value;
    if (Buffer.byteLength(JSON.stringify(document)) > MAX_CUSTOM_DATA_BYTES)
        refuse(`must be at most ${MAX_CUSTOM_DATA_BYTES} bytes of JSON`);
    checkKeysAndDepth(document);
    return document;
}
//# sourceMappingURL=custom-data.js.map