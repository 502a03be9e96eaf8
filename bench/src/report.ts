import type { LoadResult } from './load.js';

export type ScenarioId =
  | 'bare'
  | 'bareAgain'
  | 'login'
  | 'loginNoAudit'
  | 'loginMetrics'
  | 'loginNoMetrics'
  | 'apiKeys'
  | 'profile'
  | 'profileMetrics'
  | 'profileNoMetrics'
  | 'create'
  | 'loginBig'
  | 'barePost'
  | 'bareFastifyPost'
  | 'verify'
  | 'floor'
  | 'floorWrite'
  | 'peer';

export interface Row extends LoadResult {
  id: ScenarioId;
  name: string;
  peakRssMiB: number;
}

export interface RunInfo {
  date: string;
  machine: string;
  store: string;
  connections: number;
  seconds: number;
  bigKeys: number;
  elapsedSeconds: number;
}

const ratio = (value: number, base: number | undefined) => (base ? `${(value / base).toFixed(2)}×` : '–');

/** The baseline: the bare route, measured before and after the other scenarios, averaged. */
function bareRate(rows: Map<ScenarioId, Row>): number {
  const measured = [rows.get('bare'), rows.get('bareAgain')].filter((row): row is Row => row !== undefined);
  return measured.reduce((sum, row) => sum + row.requestsPerSecond, 0) / (measured.length || 1);
}

function targets(rows: Map<ScenarioId, Row>): string[] {
  const get = (id: ScenarioId) => rows.get(id);
  const rate = (id: ScenarioId) => (id === 'bare' ? bareRate(rows) : (get(id)?.requestsPerSecond ?? 0));
  const check = (ok: boolean, text: string) => `- ${ok ? '✅' : '❌'} ${text}`;
  const pct = (a: number, b: number) => (b ? `${((a / b) * 100).toFixed(0)}%` : 'n/a');
  return [
    check(rate('login') >= 0.4 * rate('bare'), `API-key login ≥ 40% of the bare route: ${pct(rate('login'), rate('bare'))}`),
    check(rate('login') >= 0.9 * rate('floor'), `API-key login ≥ 90% of the sign-only login floor: ${pct(rate('login'), rate('floor'))}`),
    check(
      rate('login') >= 0.9 * rate('floorWrite'),
      `API-key login ≥ 90% of the login floor with its write: ${pct(rate('login'), rate('floorWrite'))}`,
    ),
    check((get('login')?.p99 ?? Infinity) <= 10, `API-key login p99 ≤ 10 ms: ${get('login')?.p99 ?? 'n/a'} ms`),
    check(
      rate('peer') > 0 && rate('login') >= 10 * rate('peer'),
      `API-key login ≥ 10× the peer's verification: ${ratio(rate('login'), rate('peer'))}`,
    ),
    check(rate('apiKeys') >= 0.5 * rate('bare'), `GET /auth/api_keys ≥ 50% of the bare route: ${pct(rate('apiKeys'), rate('bare'))}`),
    check(rate('verify') >= 0.6 * rate('bare'), `key verification ≥ 60% of the bare route: ${pct(rate('verify'), rate('bare'))}`),
    check(
      rate('verify') >= 0.75 * rate('barePost'),
      `key verification ≥ 75% of Latchkey's bare JSON POST: ${pct(rate('verify'), rate('barePost'))}`,
    ),
    check(
      rate('verify') >= 0.6 * rate('bareFastifyPost'),
      `key verification ≥ 60% of a bare JSON POST (a minimal Fastify route): ${pct(rate('verify'), rate('bareFastifyPost'))}`,
    ),
    check(
      rate('peer') > 0 && rate('verify') >= 10 * rate('peer'),
      `key verification ≥ 10× the peer's verifyApiKey: ${ratio(rate('verify'), rate('peer'))}`,
    ),
    check(rate('profile') >= 0.6 * rate('bare'), `GET /auth/profile ≥ 60% of the bare route: ${pct(rate('profile'), rate('bare'))}`),
    check(
      rate('create') >= 0.15 * rate('bare') && get('create')?.failed === 0,
      `key creation ≥ 15% of the bare route, every answer 2xx: ${pct(rate('create'), rate('bare'))}, ${get('create')?.failed ?? 'n/a'} not 2xx`,
    ),
    check(
      rate('loginBig') >= 0.9 * rate('login'),
      `login with many stored keys ≥ 90% of login with 1,000: ${pct(rate('loginBig'), rate('login'))}`,
    ),
    check(
      rate('login') >= 0.9 * rate('loginNoAudit'),
      `the audit log costs logins ≤ 10% (login ≥ 90% of login in an app keeping none): ${pct(rate('login'), rate('loginNoAudit'))}`,
    ),
    check(
      rate('loginMetrics') >= 0.9 * rate('loginNoMetrics'),
      `metrics cost logins ≤ 10% (twin servers, metrics on ≥ 90% of off): ${pct(rate('loginMetrics'), rate('loginNoMetrics'))}`,
    ),
    check(
      rate('profileMetrics') >= 0.9 * rate('profileNoMetrics'),
      `metrics cost GET /auth/profile ≤ 10% (twin servers): ${pct(rate('profileMetrics'), rate('profileNoMetrics'))}`,
    ),
    check(
      [...rows.values()].every((row) => row.failed === 0),
      `every scenario answered 2xx only: ${
        [...rows.values()]
          .filter((row) => row.failed > 0)
          .map((row) => row.id)
          .join(', ') || 'yes'
      }`,
    ),
    check(
      (get('loginBig')?.peakRssMiB ?? Infinity) <= 150,
      `server RSS ≤ 150 MB during the many-keys run: ${get('loginBig')?.peakRssMiB.toFixed(0) ?? 'n/a'} MiB`,
    ),
  ];
}

/** The Markdown written to bench/results/latest.md. */
export function renderReport(list: Row[], info: RunInfo): string {
  const rows = new Map(list.map((row) => [row.id, row]));
  const bare = bareRate(rows);
  const peer = rows.get('peer')?.requestsPerSecond;
  const table = [
    '| scenario | req/s | p50 ms | p99 ms | vs bare route | vs peer | non-2xx/errors | server peak RSS |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...list.map(
      (row) =>
        `| ${row.name} | ${row.requestsPerSecond.toFixed(0)} | ${row.p50} | ${row.p99} | ${ratio(row.requestsPerSecond, bare)} | ${ratio(row.requestsPerSecond, peer)} | ${row.failed} | ${row.peakRssMiB.toFixed(0)} MiB |`,
    ),
  ];
  return [
    '# Latchkey benchmark results',
    '',
    `${info.date} · ${info.machine} · store: ${info.store} · ${info.connections} connections · ${info.seconds} s per scenario (after 1 s of warm-up) · whole run ${info.elapsedSeconds} s`,
    '',
    'Load comes from autocannon in a separate process on loopback, sharing the machine with the server. Ratios compare scenarios measured in this same run; absolute req/s depend on the machine and its other load. "vs bare route" divides by the mean of the two bare-route measurements, taken before and after the other scenarios on the same server.',
    '',
    ...table,
    '',
    '## Targets',
    '',
    ...targets(rows),
    '',
  ].join('\n');
}
