/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: it
 * throws on any line a Prometheus server would reject, and checks what the format promises
 * about histograms (cumulative buckets ending in +Inf, equal to _count).
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  samples: Sample[];
  types: Map<string, string>;
  /** The value of the one sample with this name and exactly these labels (0 when absent, as a counter not yet touched). */
  value(name: string, labels?: Record<string, string>): number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseValue(text: string, line: string): number {
  // Prometheus reads values with Go's strconv.ParseFloat: NaN and Inf in any case (prom-client writes "Nan").
  if (/^nan$/i.test(text)) return NaN;
  if (/^\+?inf(inity)?$/i.test(text)) return Infinity;
  if (/^-inf(inity)?$/i.test(text)) return -Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`bad value ${JSON.stringify(text)} in: ${line}`);
  return Number(text);
}

/** `{a="1",b="x\"y"}` → its labels and the rest of the line. */
function parseLabels(text: string, line: string): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let at = 1;
  while (text[at] !== '}') {
    const name = LABEL_NAME.exec(text.slice(at))?.[0];
    if (!name || text[at + name.length] !== '=' || text[at + name.length + 1] !== '"') throw new Error(`bad label in: ${line}`);
    at += name.length + 2;
    let value = '';
    for (; text[at] !== '"'; at++) {
      if (at >= text.length) throw new Error(`unterminated label value in: ${line}`);
      if (text[at] === '\\') {
        const escaped = text[++at];
        if (escaped === 'n') value += '\n';
        else if (escaped === '\\' || escaped === '"') value += escaped;
        else throw new Error(`bad escape in: ${line}`);
      } else value += text[at];
    }
    at++;
    if (name in labels) throw new Error(`label ${name} twice in: ${line}`);
    labels[name] = value;
    if (text[at] === ',') at++;
    else if (text[at] !== '}') throw new Error(`expected , or } in: ${line}`);
  }
  return { labels, rest: text.slice(at + 1) };
}

function parseSample(line: string): Sample {
  const name = METRIC_NAME.exec(line)?.[0];
  if (!name) throw new Error(`bad metric name in: ${line}`);
  let rest = line.slice(name.length);
  let labels: Record<string, string> = {};
  if (rest.startsWith('{')) ({ labels, rest } = parseLabels(rest, line));
  const fields = rest.trim().split(/\s+/);
  if (!rest.startsWith(' ') || fields.length < 1 || fields.length > 2) throw new Error(`bad sample: ${line}`);
  if (fields[1] !== undefined && !/^-?\d+$/.test(fields[1])) throw new Error(`bad timestamp: ${line}`);
  return { name, labels, value: parseValue(fields[0]!, line) };
}

const familyOf = (name: string, types: Map<string, string>) => {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    const base = name.endsWith(suffix) ? name.slice(0, -suffix.length) : null;
    if (base && (types.get(base) === 'histogram' || types.get(base) === 'summary')) return base;
  }
  return name;
};

const key = (labels: Record<string, string>) =>
  JSON.stringify(
    Object.entries(labels)
      .filter(([name]) => name !== 'le')
      .sort(),
  );

function checkHistograms(samples: Sample[], types: Map<string, string>): void {
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const series = new Map<string, { buckets: [number, number][]; count?: number }>();
    for (const sample of samples) {
      const entry = series.get(key(sample.labels)) ?? { buckets: [] };
      if (sample.name === `${family}_bucket`) entry.buckets.push([parseValue(sample.labels['le'] ?? 'missing', family), sample.value]);
      else if (sample.name === `${family}_count`) entry.count = sample.value;
      else continue;
      series.set(key(sample.labels), entry);
    }
    for (const [labels, { buckets, count }] of series) {
      const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
      if (sorted.at(-1)?.[0] !== Infinity) throw new Error(`${family}${labels} has no +Inf bucket`);
      sorted.forEach(([, value], i) => {
        if (i > 0 && value < sorted[i - 1]![1]) throw new Error(`${family}${labels} buckets are not cumulative`);
      });
      if (sorted.at(-1)![1] !== count) throw new Error(`${family}${labels}: +Inf bucket is not _count`);
    }
  }
}

export function parseExposition(text: string): Exposition {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      if (!name || !METRIC_NAME.test(name) || !type || !TYPES.has(type)) throw new Error(`bad TYPE line: ${line}`);
      if (types.has(name) || seen.has(name)) throw new Error(`TYPE for ${name} after its samples or twice`);
      types.set(name, type);
    } else if (line.startsWith('# HELP ')) {
      if (!METRIC_NAME.test(line.split(' ')[2] ?? '')) throw new Error(`bad HELP line: ${line}`);
    } else if (!line.startsWith('#')) {
      const sample = parseSample(line);
      seen.add(familyOf(sample.name, types));
      samples.push(sample);
    }
  }
  checkHistograms(samples, types);
  return {
    samples,
    types,
    value(name, labels = {}) {
      const matching = samples.filter((sample) => sample.name === name && key(sample.labels) === key(labels));
      if (matching.length > 1) throw new Error(`${name}${key(labels)} appears ${matching.length} times`);
      return matching[0]?.value ?? 0;
    },
  };
}
