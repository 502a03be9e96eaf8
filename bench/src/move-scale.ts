import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_URL } from './cluster.js';
import { ADMIN_TOKEN, DEMO_KEY_LOGIN, latchkeyEnv, startLatchkeyProcess, withSchema } from './latchkey-process.js';
import { peakRssMiB, runCli } from './processes.js';
import { appInternalIdSqlite, seedUsers, type SeededUser } from './seed.js';

/**
 * `npm run bench:move`: a deployment of MOVE_USERS users (default one million), each with an
 * email identity and password hash, an API key and a live session, moves from SQLite to
 * PostgreSQL as the operator does it: `latchkey export` from the running SQLite server, then
 * `latchkey import deployment` into a fresh server on PostgreSQL, MOVE_RUNS times (default 2).
 * Reports each step's wall time and peak memory per run, and checks the move: every table's count and digest, and a few real
 * users (seeded over HTTP before the bulk) who refresh their old tokens and log in with their
 * keys on the new store.
 */

const USERS = Number(process.env.MOVE_USERS ?? 1_000_000);
/** Moves of the one seeded deployment, each into a fresh PostgreSQL schema: the figures are a range over them. */
const RUNS = Number(process.env.MOVE_RUNS ?? 2);
const KEK = randomBytes(32).toString('hex');
/** An argon2id hash's length and shape; nobody logs in with these. */
const HASH = `$argon2id$v=19$m=19456,t=2,p=1$${'A'.repeat(22)}$${'B'.repeat(43)}`;
const hex = (n: number, prefix: string) => prefix + n.toString(16).padStart(24 - prefix.length, '0');

/** The bulk, straight into the stopped server's file: users, identities, keys and sessions. */
function fill(path: string, appId: string): void {
  const db = new Database(path);
  const now = Date.now();
  const user = db.prepare(
    "INSERT INTO users (id, app_id, type, created_at, custom_data, last_login_at) VALUES (?, ?, 'normal', ?, '{}', ?)",
  );
  const identity = db.prepare(
    "INSERT INTO identities (id, app_id, user_id, provider_type, email, password_hash, created_at) VALUES (?, ?, ?, 'local-userpass', ?, ?, ?)",
  );
  const key = db.prepare(
    "INSERT INTO api_keys (id, app_id, user_id, kind, name, secret_hash, created_at, last_used_at) VALUES (?, ?, ?, 'user', 'laptop', ?, ?, ?)",
  );
  const session = db.prepare(
    'INSERT INTO sessions (id, app_id, user_id, key_id, refresh_hash, device_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const chunk = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) {
      const userId = hex(n, 'b0');
      user.run(userId, appId, now, now);
      identity.run(hex(n, 'b1'), appId, userId, `user${n}@example.com`, HASH, now);
      key.run(hex(n, 'b2'), appId, userId, randomBytes(32), now, now);
      session.run(hex(n, 'b3'), appId, userId, hex(n, 'b2'), randomBytes(32), hex(n, 'b4'), now, now + 60 * 86_400_000);
    }
  });
  for (let from = 0; from < USERS; from += 10_000) chunk.immediate(from, Math.min(USERS, from + 10_000));
  db.close();
}

/** Runs the CLI as an operator does; answers its --json output, wall time and peak RSS. */
async function latchkey(url: string, args: string[]): Promise<{ output: any; seconds: number; peakMiB: number }> {
  const run = await runCli(['--url', url, ...args], ADMIN_TOKEN);
  if (run.code !== 0) throw new Error(`latchkey ${args.join(' ')} exited ${run.code}: ${run.stdout.slice(0, 500)}`);
  return { output: JSON.parse(run.stdout), seconds: run.seconds, peakMiB: run.peakMiB };
}

async function post(url: string, path: string, body: unknown, token?: string): Promise<Response> {
  return fetch(url + path, {
    method: 'POST',
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

interface Run {
  exportSeconds: number;
  importSeconds: number;
  sourcePeak: number;
  targetPeak: number;
  exportCliPeak: number;
  importCliPeak: number;
  fileBytes: number;
  tables: Record<string, { rows: number }>;
}

/** One move: export from the running source, import into a fresh server on a fresh schema, check. */
async function move(sourceDir: string, file: string, real: SeededUser[], env: Record<string, string>): Promise<Run> {
  const source = await startLatchkeyProcess({ ...latchkeyEnv(sourceDir, null), ...env });
  const exported = await latchkey(source.url, ['export', '--out', file]);
  const sourcePeak = (await peakRssMiB(source.child.pid!)) ?? NaN;
  await source.stop();
  const schema = await withSchema(DATABASE_URL);
  const targetDir = await mkdtemp(join(tmpdir(), 'latchkey-move-target-'));
  const target = await startLatchkeyProcess({ ...latchkeyEnv(targetDir, schema.url), ...env });
  try {
    const imported = await latchkey(target.url, ['import', 'deployment', file]);
    const targetPeak = (await peakRssMiB(target.child.pid!)) ?? NaN;
    // The check an operator makes: counts per table, then real users carry on.
    const tables = exported.output.tables as Record<string, { rows: number }>;
    for (const [name, { rows }] of Object.entries(tables)) {
      if ((imported.output.rows[name] ?? 0) !== rows) throw new Error(`${name}: ${rows} exported, ${imported.output.rows[name]} imported`);
    }
    for (const user of real) {
      const refreshed = await post(target.url, '/api/client/v2.0/auth/session', undefined, user.refreshToken);
      const byKey = await post(target.url, DEMO_KEY_LOGIN, { key: user.key });
      if (refreshed.status !== 201 || byKey.status !== 200)
        throw new Error(`a moved user could not go on: ${refreshed.status} ${byKey.status}`);
    }
    return {
      exportSeconds: exported.seconds,
      importSeconds: imported.seconds,
      sourcePeak,
      targetPeak,
      exportCliPeak: exported.peakMiB,
      importCliPeak: imported.peakMiB,
      fileBytes: (await stat(file)).size,
      tables,
    };
  } finally {
    await target.stop();
    await schema.drop();
    await rm(targetDir, { recursive: true, force: true });
    await rm(file, { force: true });
  }
}

const range = (values: number[], digits = 1) => {
  const [low, high] = [Math.min(...values), Math.max(...values)].map((value) => value.toFixed(digits));
  return low === high ? `${low}` : `${low}–${high}`;
};

const dir = await mkdtemp(join(tmpdir(), 'latchkey-move-bench-'));
const sourceDir = join(dir, 'source');
const env = { LATCHKEY_SECRET_KEY: KEK };
try {
  // The source: a first start makes the schema and the demo app; real users, then the bulk.
  const first = await startLatchkeyProcess({ ...latchkeyEnv(sourceDir, null), ...env });
  const real = await seedUsers(first.url, 'demo', 5);
  await first.stop();
  const seedStarted = performance.now();
  fill(join(sourceDir, 'latchkey.db'), appInternalIdSqlite(join(sourceDir, 'latchkey.db'), 'demo'));
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const databaseBytes = (await stat(join(sourceDir, 'latchkey.db'))).size;

  const runs: Run[] = [];
  for (let n = 0; n < RUNS; n++) {
    runs.push(await move(sourceDir, join(dir, 'deployment.jsonl'), real, env));
    console.log(JSON.stringify({ ...runs.at(-1), tables: undefined }));
  }
  const { tables, fileBytes } = runs[0]!;
  const rows = Object.values(tables).reduce((sum, table) => sum + table.rows, 0);
  const lines = [
    '# Moving a deployment from SQLite to PostgreSQL (npm run bench:move)',
    '',
    `${USERS.toLocaleString('en')} users, each with an email identity and password hash, an API key and a live session ` +
      `(SQLite file ${(databaseBytes / 2 ** 20).toFixed(0)} MiB, seeded in bulk in ${seedSeconds.toFixed(0)} s; ${rows.toLocaleString('en')} rows; ` +
      `a ${(fileBytes / 2 ** 20).toFixed(0)} MiB deployment file), moved as an operator does it: ` +
      '`latchkey export` from the running SQLite server, then `latchkey import deployment` (which reads the whole file once before sending it) into a fresh server on PostgreSQL. ' +
      `Measured ${new Date().toISOString().slice(0, 10)} on this machine (2 cores, PostgreSQL on the same machine), ${RUNS} runs.`,
    '',
    '| run | export | import | the move | export: server, CLI peak RSS | import: server, CLI peak RSS |',
    '|---|---|---|---|---|---|',
    ...runs.map(
      (run, n) =>
        `| ${n + 1} | ${run.exportSeconds.toFixed(1)} s | ${run.importSeconds.toFixed(1)} s | **${(run.exportSeconds + run.importSeconds).toFixed(1)} s** | ` +
        `${run.sourcePeak.toFixed(0)}, ${run.exportCliPeak.toFixed(0)} MiB | ${run.targetPeak.toFixed(0)}, ${run.importCliPeak.toFixed(0)} MiB |`,
    ),
    '',
    `The move: ${range(runs.map((run) => run.exportSeconds + run.importSeconds))} s over the runs ` +
      `(export ${range(
        runs.map((run) => rows / run.exportSeconds / 1000),
        0,
      )} thousand rows/s, import ${range(
        runs.map((run) => rows / run.importSeconds / 1000),
        0,
      )} thousand rows/s). ` +
      `Rows moved: ${Object.entries(tables)
        .map(([name, { rows: count }]) => `${name} ${count.toLocaleString('en')}`)
        .join(
          ', ',
        )}. In every run each table's count matched, and ${real.length} users seeded over HTTP before the bulk refreshed their old refresh tokens and logged in with their API keys on PostgreSQL.`,
    '',
  ];
  await writeFile(join(import.meta.dirname, '..', 'results', 'move.md'), lines.join('\n'));
  console.log(lines.join('\n'));
} finally {
  await rm(dir, { recursive: true, force: true });
}
