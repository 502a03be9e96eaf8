/**
 * A model of how realm-core v14.14.0 reads JSON: `bson::parse` (src/realm/util/bson/bson.cpp,
 * `parse` → `dom_elem_to_bson` / `dom_obj_to_bson`) over nlohmann::json. What matters to a
 * server, and what JSON.parse hides:
 * - an integer literal becomes Int64 (a double only past int64's range); anything with a
 *   fraction or exponent becomes Double. Core casts `exp`/`iat` with `static_cast<int64_t>`,
 *   which is `REALM_ASSERT(type == Int64)`: a double there aborts the app.
 * - nlohmann keeps object keys sorted (std::map); an object of one or two keys whose first
 *   key names an Extended JSON type (`$date`, `$oid`, …) becomes that type, not a document.
 */
export type CoreBson =
  | { type: 'null' }
  | { type: 'bool'; value: boolean }
  | { type: 'int64'; value: bigint }
  | { type: 'double'; value: number }
  | { type: 'string'; value: string }
  | { type: 'array'; items: CoreBson[] }
  | { type: 'document'; fields: Map<string, CoreBson> }
  | { type: 'extended'; name: string };

/** bson.cpp, bson_fancy_parsers: the keys that make an object something other than a document. */
const EXTENDED_JSON_KEYS = new Set([
  '$binary',
  '$date',
  '$maxKey',
  '$minKey',
  '$numberDecimal',
  '$numberDouble',
  '$numberInt',
  '$numberLong',
  '$oid',
  '$regularExpression',
  '$timestamp',
  '$uuid',
]);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export class CoreJsonError extends Error {}

class Reader {
  private at = 0;
  constructor(private readonly text: string) {}

  document(): CoreBson {
    const value = this.value();
    this.space();
    if (this.at !== this.text.length) throw new CoreJsonError(`trailing characters at ${this.at}`);
    return value;
  }

  private space(): void {
    while (/[ \t\n\r]/.test(this.text[this.at] ?? '')) this.at++;
  }

  private value(): CoreBson {
    this.space();
    const char = this.text[this.at];
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    if (char === '"') return { type: 'string', value: this.string() };
    for (const [literal, value] of [
      ['true', { type: 'bool', value: true }],
      ['false', { type: 'bool', value: false }],
      ['null', { type: 'null' }],
    ] as const) {
      if (this.text.startsWith(literal, this.at)) {
        this.at += literal.length;
        return value;
      }
    }
    return this.number();
  }

  private number(): CoreBson {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.at));
    if (!match) throw new CoreJsonError(`unexpected character at ${this.at}`);
    this.at += match[0].length;
    if (!match[2] && !match[3]) {
      const integer = BigInt(match[0]);
      if (integer >= INT64_MIN && integer <= INT64_MAX) return { type: 'int64', value: integer };
    }
    return { type: 'double', value: Number(match[0]) };
  }

  private string(): string {
    // A JSON string: no raw control characters (U+0000 to U+001F), escapes as RFC 8259 lists them.
    // eslint-disable-next-line no-control-regex -- the control characters are what this refuses
    const match = /^"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/.exec(this.text.slice(this.at));
    if (!match) throw new CoreJsonError(`malformed string at ${this.at}`);
    this.at += match[0].length;
    return JSON.parse(match[0]) as string;
  }

  private array(): CoreBson {
    this.at++;
    const items: CoreBson[] = [];
    this.space();
    if (this.text[this.at] === ']') {
      this.at++;
      return { type: 'array', items };
    }
    for (;;) {
      items.push(this.value());
      this.space();
      const next = this.text[this.at++];
      if (next === ']') return { type: 'array', items };
      if (next !== ',') throw new CoreJsonError(`expected , or ] at ${this.at - 1}`);
    }
  }

  private object(): CoreBson {
    this.at++;
    const fields = new Map<string, CoreBson>();
    this.space();
    if (this.text[this.at] === '}') {
      this.at++;
      return { type: 'document', fields };
    }
    for (;;) {
      this.space();
      const key = this.string();
      this.space();
      if (this.text[this.at++] !== ':') throw new CoreJsonError(`expected : at ${this.at - 1}`);
      fields.set(key, this.value());
      this.space();
      const next = this.text[this.at++];
      if (next === '}') break;
      if (next !== ',') throw new CoreJsonError(`expected , or } at ${this.at - 1}`);
    }
    const [firstKey] = [...fields.keys()].sort();
    if ((fields.size === 1 || fields.size === 2) && firstKey !== undefined && EXTENDED_JSON_KEYS.has(firstKey)) {
      return { type: 'extended', name: firstKey };
    }
    return { type: 'document', fields };
  }
}

/** bson::parse: throws CoreJsonError where nlohmann would throw a parse error. */
export function coreParseJson(text: string): CoreBson {
  return new Reader(text).document();
}

/** The plain JSON value of a parsed document, for comparisons in tests. */
export function toPlain(value: CoreBson): unknown {
  switch (value.type) {
    case 'null':
      return null;
    case 'int64':
      return Number(value.value);
    case 'array':
      return value.items.map(toPlain);
    case 'document':
      return Object.fromEntries([...value.fields].map(([key, field]) => [key, toPlain(field)]));
    case 'extended':
      return { [value.name]: '…' };
    default:
      return value.value;
  }
}
