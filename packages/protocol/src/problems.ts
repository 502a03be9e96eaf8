/**
 * The one formatter that turns schema validation failures into sentences for people: the
 * field in wire spelling (`settings.accessTokenTtlSeconds`), what it accepts (bounds, allowed
 * values, a described form), never a regular expression, a validator path or the value sent
 * (it may be a secret). The server answers with it, the configuration check prints it, and the
 * CLI and console show what the server said. It reads Ajv-shaped errors (Ajv's own and
 * TypeBox's), and the schema they came from for the bounds and names they do not carry.
 */
import { PATTERN_HINTS } from './patterns.js';

export { PATTERN_HINTS };

/** One failure as Ajv and TypeBox report it. */
export interface SchemaProblem {
  keyword: string;
  /** JSON Pointer to the value, `''` for the whole. */
  instancePath: string;
  params: Record<string, unknown>;
}

/** The parts of a JSON Schema this formatter reads. */
export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: boolean | SchemaNode;
  anyOf?: SchemaNode[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  maxProperties?: number;
  pattern?: string;
  format?: string;
}

/** Where the value came from, which decides how a field is named. */
export type ProblemSource = 'body' | 'query' | 'path' | 'header' | 'environment';

export interface DescribeOptions {
  /** Extra pattern descriptions (a caller's own schemas), beside PATTERN_HINTS. */
  hints?: Record<string, string>;
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

const FORMAT_WORDS: Record<string, string> = {
  'date-time': 'a date and time in RFC 3339 form, e.g. 2026-11-23T10:00:00Z',
  email: 'an email address',
  uri: 'a URL',
};

function segmentsOf(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `['settings', 'corsOrigins', '0']` → `settings.corsOrigins[0]`. */
export function wireName(segments: string[]): string {
  return segments.reduce((name, part) => (/^[0-9]+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), '');
}

/** The schema a value at `segments` was checked against (the first union branch that has it). */
function schemaAt(root: SchemaNode, segments: string[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const part of segments) {
    node = node && childOf(node, part);
  }
  return node;
}

function childOf(node: SchemaNode, part: string): SchemaNode | undefined {
  if (node.properties?.[part]) return node.properties[part];
  if (node.items && /^[0-9]+$/.test(part)) return node.items;
  if (typeof node.additionalProperties === 'object') return node.additionalProperties;
  for (const branch of node.anyOf ?? []) {
    const child = childOf(branch, part);
    if (child) return child;
  }
  return undefined;
}

const list = (values: unknown[]): string => values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(', ');

/** 90 → "1.5 minutes", 86400 → "1 day": the unit a person would say. */
export function humanDuration(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  const [size, unit] = units.find(([size]) => seconds >= size && seconds % size === 0) ??
    units.find(([size]) => seconds >= size) ?? [1, 'second'];
  const count = Math.round((seconds / size) * 10) / 10;
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

const UNIT_SECONDS: [RegExp, number][] = [
  [/(Seconds|_seconds|_SECONDS)$/, 1],
  [/(Minutes|_minutes|_MINUTES)$/, 60],
  [/(Days|_days|_DAYS)$/, 86_400],
];

/** The unit a field's name gives its number (`…Seconds`, `…_DAYS`), with that unit's length in seconds. */
export function durationUnitOf(field: string): { word: string; seconds: number } | undefined {
  for (const [suffix, seconds] of UNIT_SECONDS) {
    const match = suffix.exec(field);
    if (match) return { word: match[1]!.replace(/^_/, '').toLowerCase(), seconds };
  }
  return undefined;
}

function bounds(field: string, node: SchemaNode): string {
  const whole = node.type === 'integer' ? 'a whole number' : 'a number';
  const low = node.minimum ?? (node.exclusiveMinimum !== undefined ? node.exclusiveMinimum : undefined);
  const high = node.maximum ?? node.exclusiveMaximum;
  const unit = durationUnitOf(field);
  const inUnit = unit ? ` ${unit.word}` : '';
  const human = (value: number) => (unit && value > 0 ? humanDuration(value * unit.seconds) : String(value));
  if (node.minimum !== undefined && node.maximum !== undefined) {
    const range = unit ? ` (${node.minimum === 0 ? '0' : human(node.minimum)} to ${human(node.maximum)})` : '';
    return `must be ${whole} from ${node.minimum} to ${node.maximum}${inUnit}${range}`;
  }
  if (node.exclusiveMinimum !== undefined) return `must be ${whole} greater than ${node.exclusiveMinimum}${inUnit}`;
  if (node.exclusiveMaximum !== undefined) return `must be ${whole} less than ${node.exclusiveMaximum}${inUnit}`;
  if (low !== undefined) return `must be ${whole} of at least ${low}${inUnit}`;
  return `must be ${whole} of at most ${high}${inUnit}`;
}

function lengths(node: SchemaNode): string {
  const { minLength: min, maxLength: max } = node;
  if (min !== undefined && max !== undefined)
    return min === max ? `must be ${min} characters long` : `must be ${min} to ${max} characters long`;
  if (max !== undefined) return `must be at most ${max} characters long`;
  return min === 1 ? 'must not be empty' : `must be at least ${min} characters long`;
}

/** The closest known name, when one is near enough to be a typo. */
function nearest(name: string, known: string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let previous = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const current = row[j]!;
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
        previous = current;
      }
    }
    return row[b.length]!;
  };
  const scored = known.map((candidate) => [candidate, distance(name, candidate)] as const).sort((x, y) => x[1] - y[1]);
  const best = scored[0];
  return best && best[1] <= Math.max(1, Math.floor(name.length / 4)) ? best[0] : undefined;
}

function unknownField(parent: string[], property: string, node: SchemaNode | undefined, source: ProblemSource): string {
  const name = wireName([...parent, property]);
  const known = Object.keys(node?.properties ?? {});
  const parentName = wireName(parent);
  const noun =
    parentName === 'settings'
      ? 'a setting'
      : source === 'query'
        ? 'a query parameter here'
        : parentName
          ? `a field of ${parentName}`
          : 'a field here';
  const guess = nearest(property, known);
  if (guess) return `${name} is not ${noun}: did you mean ${wireName([...parent, guess])}?`;
  return known.length ? `${name} is not ${noun} (known: ${known.join(', ')})` : `${name} is not ${noun}`;
}

/** Says what a schema accepts, as the end of "X must be …". */
function accepts(node: SchemaNode, field: string, hints: Record<string, string>): string {
  if (node.anyOf) {
    const constants = node.anyOf.filter((branch) => 'const' in branch).map((branch) => branch.const);
    if (constants.length === node.anyOf.length) return `one of: ${list(constants)}`;
    const others = node.anyOf.filter((branch) => branch.type !== 'null').map((branch) => accepts(branch, field, hints));
    const nullable = others.length < node.anyOf.length;
    return others.join(', or ') + (nullable ? ', or null' : '');
  }
  if (node.enum) return `one of: ${list(node.enum)}`;
  if ('const' in node) return list([node.const]);
  if (node.pattern) return hints[node.pattern] ?? 'in the accepted form';
  if (node.format && FORMAT_WORDS[node.format]) return FORMAT_WORDS[node.format]!;
  if (node.minimum !== undefined || node.maximum !== undefined) return bounds(field, node).replace(/^must be /, '');
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  return (type && TYPE_WORDS[type]) ?? 'an accepted value';
}

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

function describeOne(problem: SchemaProblem, root: SchemaNode, source: ProblemSource, hints: Record<string, string>): string {
  const segments = segmentsOf(problem.instancePath);
  const field = wireName(segments) || (source === 'body' ? 'the request body' : 'the value');
  const node = schemaAt(root, segments) ?? {};
  const params = problem.params;
  switch (problem.keyword) {
    case 'required': {
      const missing = text(params.missingProperty ?? (params.requiredProperties as unknown[] | undefined)?.[0]);
      return `${wireName([...segments, missing])} is required`;
    }
    case 'additionalProperties':
      return unknownField(segments, text(params.additionalProperty), node, source);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${field} ${bounds(field, node)}`;
    case 'minLength':
    case 'maxLength':
      return `${field} ${lengths(node)}`;
    case 'minItems':
      return `${field} must list at least ${node.minItems ?? String(params.limit)} ${node.minItems === 1 ? 'entry' : 'entries'}`;
    case 'maxItems':
      return `${field} must list at most ${node.maxItems ?? String(params.limit)} entries`;
    case 'uniqueItems':
      return `${field} must not list the same entry twice`;
    case 'maxProperties':
      return `${field} must have at most ${String(params.limit)} fields`;
    default:
      // pattern, format, enum, const, anyOf and anything else: what the schema accepts.
      return `${field} must be ${accepts(node, field, hints)}`;
  }
}

/**
 * One sentence per field at fault, joined by "; ". A union's branches report a failure each:
 * the union says it once, with every branch in it.
 */
export function describeProblems(
  problems: readonly SchemaProblem[],
  root: SchemaNode,
  source: ProblemSource,
  options: DescribeOptions = {},
): string {
  const hints = { ...PATTERN_HINTS, ...options.hints };
  const byField = new Map<string, SchemaProblem>();
  for (const problem of problems) {
    const key =
      problem.keyword === 'required' || problem.keyword === 'additionalProperties'
        ? `${problem.instancePath}\u0000${text(problem.params.missingProperty ?? problem.params.additionalProperty)}`
        : problem.instancePath;
    const seen = byField.get(key);
    if (!seen || problem.keyword === 'anyOf') byField.set(key, problem);
  }
  // A union says what it accepts only when nothing more precise was found inside it (a nullable
  // object's own field, say).
  const kept = [...byField.entries()].filter(
    ([key, problem]) =>
      problem.keyword !== 'anyOf' ||
      ![...byField.entries()].some(
        ([other, inner]) =>
          other !== key && (inner.instancePath === problem.instancePath || inner.instancePath.startsWith(`${problem.instancePath}/`)),
      ),
  );
  const sentences = kept.map(([, problem]) => describeOne(problem, root, source, hints));
  return [...new Set(sentences)].join('; ');
}
