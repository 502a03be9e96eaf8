import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_URL } from './cluster.js';
import { ADMIN_TOKEN, latchkeyEnv, startLatchkeyProcess, withSchema } from './latchkey-process.js';
import { SERVER_MAIN } from './processes.js';
import { appInternalIdSqlite, seedUsers } from './seed.js';

/**
 * `npm run bench:move`: a deployment of MOVE_USERS users (default one million), each with an
 * email identity and password hash, an API key and a live session, moves from SQLite to
 * PostgreSQL as the operator does it: `latchkey export` from the running SQLite server, then
 * `latchkey import deployment` into a fresh server on PostgreSQL. Reports each step's wall
 * time and peak memory, and checks the move: every table's count and digest, and a few real
 * users (seeded over HTTP before the bulk) who refresh their old tokens and log in with their
 * keys on the new store.
 */

const USERS = Number(process.env.MOVE_USERS ?? 1_000_000);
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

async function peakRssMiB(pid: number): Promise<number | null> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  const found = status && /VmHWM:\s+(\d+) kB/.exec(status);
  return found ? Number(found[1]) / 1024 : null;
}

/** Runs the CLI as an operator does; answers its --json output, wall time and peak RSS. */
async function latchkey(url: string, args: string[]): Promise<{ output: any; seconds: number; peakMiB: number }> {
  const started = performance.now();
  const cli = spawn(process.execPath, [SERVER_MAIN, '--url', url, '--json', ...args], {
    env: { PATH: process.env.PATH ?? '', LATCHKEY_ADMIN_TOKEN: ADMIN_TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  cli.stdout.on('data', (chunk: Buffer) => (stdout += String(chunk)));
  let peak = 0;
  const sampler = setInterval(() => void peakRssMiB(cli.pid!).then((mib) => (peak = Math.max(peak, mib ?? 0))), 200);
  const [code] = (await once(cli, 'close')) as [number | null];
  clearInterval(sampler);
  if (code !== 0) throw new Error(`latchkey ${args.join(' ')} exited ${code}: ${stdout.slice(0, 500)}`);
  return { output: JSON.parse(stdout), seconds: (performance.now() - started) / 1000, peakMiB: peak };
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

const dir = await mkdtemp(join(tmpdir(), 'latchkey-move-bench-'));
const sourceDir = join(dir, 'source');
const file = join(dir, 'deployment.jsonl');
const schema = await withSchema(DATABASE_URL);
const env = { LATCHKEY_SECRET_KEY: KEK };
try {
  // The source: a first start makes the schema and the demo app; real users, then the bulk.
  let source = await startLatchkeyProcess({ ...latchkeyEnv(sourceDir, null), ...env });
  const real = await seedUsers(source.url, 'demo', 5);
  await source.stop();
  const seedStarted = performance.now();
  fill(join(sourceDir, 'latchkey.db'), appInternalIdSqlite(join(sourceDir, 'latchkey.db'), 'demo'));
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const databaseBytes = (await stat(join(sourceDir, 'latchkey.db'))).size;
  source = await startLatchkeyProcess({ ...latchkeyEnv(sourceDir, null), ...env });

  const exported = await latchkey(source.url, ['export', '--out', file]);
  const sourcePeak = (await peakRssMiB(source.child.pid!)) ?? NaN;
  await source.stop();
  const fileBytes = (await stat(file)).size;

  const target = await startLatchkeyProcess({
    ...latchkeyEnv(join(dir, 'target'), process.env.MOVE_TARGET === 'sqlite' ? null : schema.url),
    ...env,
  });
  const imported = await latchkey(target.url, ['import', 'deployment', file]);
  const targetPeak = (await peakRssMiB(target.child.pid!)) ?? NaN;
  if (process.env.MOVE_KEEP)
    console.log(
      target
        .output()
        .split('\n')
        .filter((l) => /^[WS] /.test(l))
        .join(' '),
    );

  // The check an operator makes: counts per table, then real users carry on.
  const tables = exported.output.tables as Record<string, { rows: number }>;
  for (const [name, { rows }] of Object.entries(tables)) {
    if ((imported.output.rows[name] ?? 0) !== rows) throw new Error(`${name}: ${rows} exported, ${imported.output.rows[name]} imported`);
  }
  for (const user of real) {
    const refreshed = await post(target.url, '/api/client/v2.0/auth/session', undefined, user.refreshToken);
    const byKey = await post(target.url, '/api/client/v2.0/app/demo/auth/providers/api-key/login', { key: user.key });
    if (refreshed.status !== 201 || byKey.status !== 200)
      throw new Error(`a moved user could not go on: ${refreshed.status} ${byKey.status}`);
  }
  await target.stop();

  const total = exported.seconds + imported.seconds;
  const lines = [
    '# Moving a deployment from SQLite to PostgreSQL (npm run bench:move)',
    '',
    `${USERS.toLocaleString('en')} users, each with an email identity and password hash, an API key and a live session ` +
      `(SQLite file ${(databaseBytes / 2 ** 20).toFixed(0)} MiB, seeded in bulk in ${seedSeconds.toFixed(0)} s), moved as an operator does it: ` +
      '`latchkey export` from the running SQLite server, `latchkey import deployment` into a fresh server on PostgreSQL. ' +
      `Measured ${new Date().toISOString().slice(0, 10)} on this machine (2 cores, PostgreSQL on the same machine).`,
    '',
    '| step | time | rows/s | server peak RSS | CLI peak RSS |',
    '|---|---|---|---|---|',
    `| export (${(fileBytes / 2 ** 20).toFixed(0)} MiB file) | ${exported.seconds.toFixed(1)} s | ${Math.round(rowsOf(tables) / exported.seconds).toLocaleString('en')} | ${sourcePeak.toFixed(0)} MiB | ${exported.peakMiB.toFixed(0)} MiB |`,
    `| import (checks the file first) | ${imported.seconds.toFixed(1)} s | ${Math.round(rowsOf(tables) / imported.seconds).toLocaleString('en')} | ${targetPeak.toFixed(0)} MiB | ${imported.peakMiB.toFixed(0)} MiB |`,
    `| **the move** | **${total.toFixed(1)} s** | | | |`,
    '',
    `Rows moved: ${Object.entries(tables)
      .map(([name, { rows }]) => `${name} ${rows.toLocaleString('en')}`)
      .join(
        ', ',
      )}. Every table's count matched; ${real.length} users seeded over HTTP before the bulk refreshed their old refresh tokens and logged in with their API keys on PostgreSQL.`,
    '',
  ];
  await writeFile(join(import.meta.dirname, '..', 'results', 'move.md'), lines.join('\n'));
  console.log(lines.join('\n'));
} finally {
  if (process.env.MOVE_KEEP) console.log(`kept ${dir}`);
  else await rm(dir, { recursive: true, force: true });
  await schema.drop();
}

function rowsOf(tables: Record<string, { rows: number }>): number {
  return Object.values(tables).reduce((sum, { rows }) => sum + rows, 0);
}
