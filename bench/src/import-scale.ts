import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { DATABASE_URL } from './cluster.js';
import { ADMIN_TOKEN, latchkeyEnv, startLatchkeyProcess, withSchema } from './latchkey-process.js';
import { peakRssMiB, runCli } from './processes.js';

/**
 * `npm run bench:import`: moving users in at scale. Writes IMPORT_USERS users (default one
 * million) as App Services' Admin API lists them, in JSON Lines, then imports the file with
 * `latchkey import users` — what an operator runs — into a fresh Latchkey on SQLite and on
 * PostgreSQL, one after the other. Reports the wall time, users per second, and the peak RSS
 * of the server and of the CLI (VmHWM), and checks every user came in.
 */

const USERS = Number(process.env.IMPORT_USERS ?? 1_000_000);
const STORES = (process.env.IMPORT_STORES ?? 'sqlite,postgres').split(',');
const BCRYPT = '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy';

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** One user in App Services' export shape: most with an email identity (a quarter with a bcrypt hash), every tenth anonymous. */
function user(n: number): string {
  const id = `64${hex(n, 22)}`;
  const created = 1_600_000_000 + (n % 100_000_000);
  if (n % 10 === 9)
    return JSON.stringify({
      _id: id,
      identities: [{ id: `65${hex(n, 22)}`, provider_type: 'anon-user', provider_id: '60a0b0c0d0e0f0a0b0c0d0f2' }],
      type: 'normal',
      creation_date: created,
      last_authentication_date: created,
      disabled: false,
      data: {},
    });
  const email = `user${n}@example.com`;
  return JSON.stringify({
    _id: id,
    identities: [
      { id: `65${hex(n, 22)}`, provider_type: 'local-userpass', provider_id: '60a0b0c0d0e0f0a0b0c0d0f1', provider_data: { email } },
    ],
    type: 'normal',
    creation_date: created,
    last_authentication_date: created + 86_400,
    disabled: n % 97 === 0,
    data: { email, name: `User ${n}` },
    ...(n % 4 === 0 ? { password_hash: BCRYPT } : {}),
  });
}

async function writeUsers(path: string): Promise<number> {
  const out = createWriteStream(path);
  let chunk = '';
  for (let n = 0; n < USERS; n++) {
    chunk += user(n) + '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return (await stat(path)).size;
}

interface Result {
  store: string;
  seconds: number;
  usersPerSecond: number;
  serverPeakRssMiB: number;
  cliPeakRssMiB: number;
  imported: number;
}

async function importInto(store: string, file: string): Promise<Result> {
  const dataDir = await mkdtemp(join(tmpdir(), 'latchkey-import-bench-'));
  const schema = store === 'postgres' ? await withSchema(DATABASE_URL) : null;
  const server = await startLatchkeyProcess(latchkeyEnv(dataDir, schema?.url ?? null));
  try {
    const {
      code,
      stdout,
      seconds,
      peakMiB: cliPeak,
    } = await runCli(['--url', server.url, '--app', 'demo', 'import', 'users', file], ADMIN_TOKEN);
    const report = JSON.parse(stdout) as { imported: number; failed: number };
    if (code !== 0 || report.imported !== USERS) throw new Error(`${store}: the import ended with ${code}: ${stdout.slice(0, 500)}`);
    return {
      store,
      seconds,
      usersPerSecond: USERS / seconds,
      serverPeakRssMiB: (await peakRssMiB(server.child.pid!)) ?? NaN,
      cliPeakRssMiB: cliPeak,
      imported: report.imported,
    };
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
    await schema?.drop();
  }
}

const dir = await mkdtemp(join(tmpdir(), 'latchkey-import-file-'));
const file = join(dir, 'users.jsonl');
const bytes = await writeUsers(file);
const results: Result[] = [];
try {
  for (const store of STORES) {
    results.push(await importInto(store, file));
    console.log(JSON.stringify(results.at(-1)));
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

const sqlite = results.find((result) => result.store === 'sqlite');
const lines = [
  `# Importing users (npm run bench:import)`,
  '',
  `${USERS.toLocaleString('en')} users in App Services' export shape (${(bytes / 1024 / 1024).toFixed(0)} MiB of JSON Lines), imported with \`latchkey import users\` into a fresh server; measured ${new Date().toISOString().slice(0, 10)} on this machine (2 cores).`,
  '',
  '| store | time | users/s | server peak RSS | CLI peak RSS | vs SQLite |',
  '|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.store} | ${r.seconds.toFixed(1)} s | ${Math.round(r.usersPerSecond).toLocaleString('en')} | ${r.serverPeakRssMiB.toFixed(0)} MiB | ${r.cliPeakRssMiB.toFixed(0)} MiB | ${sqlite ? `${(r.seconds / sqlite.seconds).toFixed(2)}×` : '–'} |`,
  ),
  '',
];
await writeFile(join(import.meta.dirname, '..', 'results', 'import.md'), lines.join('\n'));
console.log(lines.join('\n'));
