import { EJSON } from 'bson';

/**
 * Documents of a `mongoexport` (MongoDB Extended JSON v2, relaxed or canonical) into the form
 * custom user data is carried in tokens: relaxed Extended JSON, as App Services carried it —
 * plain JSON numbers and strings where that loses nothing, `{"$oid": …}`, `{"$date": "…"}` and
 * the other type wrappers elsewhere (realm-core reads them back as their BSON types). Unlike the
 * bson library's own relaxed output, a 64-bit integer past 2^53 keeps its `$numberLong`
 * rather than being rounded, and a non-finite double keeps its `$numberDouble`.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Parses one exported document (already read as JSON), checking its type wrappers; throws on a malformed one. */
export function toRelaxedExtendedJson(value: unknown): Record<string, Json> {
  const canonical = EJSON.serialize(EJSON.deserialize(value as never, { relaxed: false }), { relaxed: false }) as Json;
  const relaxed = relax(canonical);
  if (typeof relaxed !== 'object' || relaxed === null || Array.isArray(relaxed)) throw new Error('a document must be a JSON object');
  return relaxed;
}

const LAST_RELAXED_DATE = Date.UTC(10_000, 0, 1);

function relax(node: Json): Json {
  if (Array.isArray(node)) return node.map(relax);
  if (typeof node !== 'object' || node === null) return node;
  const keys = Object.keys(node);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const inner = node[key];
    if (key === '$numberInt' && typeof inner === 'string') return Number(inner);
    if (key === '$numberLong' && typeof inner === 'string') {
      const number = Number(inner);
      return Number.isSafeInteger(number) ? number : node;
    }
    if (key === '$numberDouble' && typeof inner === 'string') {
      const number = Number(inner);
      return Number.isFinite(number) && !Object.is(number, -0) ? number : node;
    }
    if (key === '$date' && typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
      const millis = Number(inner.$numberLong);
      return Number.isSafeInteger(millis) && millis >= 0 && millis < LAST_RELAXED_DATE ? { $date: new Date(millis).toISOString() } : node;
    }
    if (key.startsWith('$')) return node;
  }
  return Object.fromEntries(keys.map((key) => [key, relax(node[key]!)]));
}

/** The user id a document names in `field`: a string, or an ObjectId as its 24 hex characters. */
export function userIdIn(document: Record<string, Json>, field: string): string | null {
  const value = document[field];
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof value.$oid === 'string') return value.$oid;
  return null;
}
