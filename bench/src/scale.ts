/**
 * `npm run scale`: the cost of logins as the data grows. For each size (SCALE_SIZES keys;
 * 10 thousand, 1 million and 10 million on SQLite, to 1 million on PostgreSQL) a fresh server's
 * store is seeded in bulk (scale-seed.ts: two keys per user, a session per key, 90% of them
 * expired), the server restarted (its start timed), and API-key logins measured in alternating
 * rounds: one key again and again (from the cache, as every other benchmark) against keys drawn
 * at random over all of them (most miss every cache). Writes bench/results/scale.md (or
 * scale-postgres.md); at the largest SQLite size, also the expired-session sweep (scale-sweep.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternate, type AlternatedResult } from './alternating.js';
import { DEMO_KEY_LOGIN, latchkeyEnv, startLatchkeyProcess, withSchema } from './latchkey-process.js';
import { newKeySet } from './known-keys.js';
import { rssMiB, type Served } from './processes.js';
import { storeBytes, type StoreBytes } from './scale-bytes.js';
import { fillScalePostgres, fillScaleSqlite, type ScaleFill } from './scale-seed.js';
import { appInternalIdPostgres, appInternalIdSqlite, seedUsers } from './seed.js';
import { measureSweep, renderSweep, type SweepResult } from './scale-sweep.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const DATABASE_URL = process.env.DATABASE_URL ?? null;
const RESULTS = join(HERE, '..', 'results', DATABASE_URL ? 'scale-postgres.md' : 'scale.md');
const SIZES = (process.env.SCALE_SIZES ?? (DATABASE_URL ? '10000,1000000' : '10000,1000000,10000000')).split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const KEYS_PER_USER = 2;
const EXPIRED_SHARE = 0.9;

interface SizeResult {
  keys: number;
  fillSeconds: number;
  startSeconds: number;
  startRssMiB: number;
  bytes: StoreBytes;
  oneKey: AlternatedResult;
  randomKeys: AlternatedResult;
}

/** Starts the server and answers it with the time from spawn to "Ready." */
async function timedStart(env: Record<string, string>): Promise<{ served: Served; seconds: number }> {
  const started = performance.now();
  const served = await startLatchkeyProcess(env);
  return { served, seconds: (performance.now() - started) / 1000 };
}

async function measureSize(keys: number, sweep: boolean): Promise<{ size: SizeResult; sweep: SweepResult | null }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'latchkey-scale-'));
  const schema = DATABASE_URL ? await withSchema(DATABASE_URL) : null;
  const env = latchkeyEnv(dataDir, schema?.url ?? null);
  const dbPath = join(dataDir, 'latchkey.db');
  let served: Served | null = null;
  try {
    served = await startLatchkeyProcess(env);
    const [user] = await seedUsers(served.url, 'demo', 1);
    const keySet = newKeySet(keys);
    const fill = (appInternalId: string): ScaleFill => ({
      appInternalId,
      keys: keySet,
      keysPerUser: KEYS_PER_USER,
      expiredShare: EXPIRED_SHARE,
    });
    const fillStarted = performance.now();
    if (schema) await fillScalePostgres(schema.url, fill(await appInternalIdPostgres(schema.url, 'demo')));
    await served.stop();
    served = null;
    if (!schema) fillScaleSqlite(dbPath, fill(appInternalIdSqlite(dbPath, 'demo')));
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    const bytes = await storeBytes(schema?.url ?? dbPath, keys);
    const started = await timedStart(env);
    served = started.served;
    const pid = served.child.pid!;
    const startRssMiB = rssMiB(pid);
    const results = await alternate(
      [
        { id: 'oneKey', spec: { url: served.url, method: 'POST', path: DEMO_KEY_LOGIN, body: { key: user!.key } }, pid },
        { id: 'randomKeys', spec: { url: served.url, method: 'POST', path: DEMO_KEY_LOGIN, randomKeys: keySet }, pid },
      ],
      { connections: CONNECTIONS, seconds: SECONDS },
    );
    const size: SizeResult = {
      keys,
      fillSeconds,
      startSeconds: started.seconds,
      startRssMiB,
      bytes,
      oneKey: results.get('oneKey')!,
      randomKeys: results.get('randomKeys')!,
    };
    console.log(JSON.stringify(size));
    if (!sweep) return { size, sweep: null };
    await served.stop();
    served = null;
    return { size, sweep: await measureSweep({ env, dbPath, keys: keySet, connections: CONNECTIONS }) };
  } finally {
    await served?.stop();
    await rm(dataDir, { recursive: true, force: true });
    await schema?.drop();
  }
}

const pct = (value: number, base: number) => `${Math.round((value / base) * 100)}%`;
const n = (value: number) => Math.round(value).toLocaleString('en');

function render(sizes: SizeResult[], sweep: SweepResult | null, elapsed: number): string {
  const smallest = sizes[0]!;
  const lines = [
    `# Logins as the data grows (${DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`,
    '',
    `${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version} · ${CONNECTIONS} connections · whole run ${n(elapsed)} s · \`npm run scale\``,
    '',
    `Each size is a fresh server whose store was seeded in bulk through its own SQL: ${KEYS_PER_USER} keys per user and a session per key (opened one after another over months, each lasting 30 days: ${EXPIRED_SHARE * 100}% of them have expired). ` +
      `"One key" logs one key in again and again (from the cache, as the other benchmarks do); "random keys" draws every login's key at random over all of them, so most miss every cache. ` +
      `The two ran in ${4} alternating rounds of ${Math.max(1, Math.round(SECONDS / 2))} s on the same server; p99 is the worst round's. Load comes from autocannon in a separate process on the same 2 cores.`,
    '',
    '| keys | one key req/s | random keys req/s | random / one key | random p99 ms | random vs smallest size | server peak RSS | start | bytes per key | bytes per session | store size | seeded in |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...sizes.map(
      (s) =>
        `| ${n(s.keys)} | ${n(s.oneKey.requestsPerSecond)} | ${n(s.randomKeys.requestsPerSecond)} | ${pct(s.randomKeys.requestsPerSecond, s.oneKey.requestsPerSecond)} | ${s.randomKeys.p99} | ${pct(s.randomKeys.requestsPerSecond, smallest.randomKeys.requestsPerSecond)} | ${n(Math.max(s.oneKey.peakRssMiB, s.randomKeys.peakRssMiB))} MiB | ${s.startSeconds.toFixed(2)} s (${n(s.startRssMiB)} MiB) | ${n(s.bytes.perKey)} | ${n(s.bytes.perSession)} | ${(s.bytes.total / 2 ** 30).toFixed(2)} GiB | ${n(s.fillSeconds)} s |`,
    ),
    '',
    'Failed answers (non-2xx or errors) in all loads: ' + sizes.reduce((sum, s) => sum + s.oneKey.failed + s.randomKeys.failed, 0) + '.',
    '',
  ];
  if (sweep) lines.push(...renderSweep(sweep));
  return lines.join('\n');
}

const started = performance.now();
const sizes: SizeResult[] = [];
let sweep: SweepResult | null = null;
for (const [index, keys] of SIZES.entries()) {
  const measured = await measureSize(keys, !DATABASE_URL && index === SIZES.length - 1 && process.env.SCALE_SWEEP !== 'false');
  sizes.push(measured.size);
  sweep = measured.sweep ?? sweep;
}
const report = render(sizes, sweep, (performance.now() - started) / 1000);
await writeFile(RESULTS, report);
console.log('\n' + report + `\nwritten to ${RESULTS}`);
