/**
 * `npm run bench`: starts the real Latchkey server (SQLite in a temporary directory, or
 * PostgreSQL when DATABASE_URL is set), seeds it, and drives each scenario with autocannon
 * from a separate process on loopback. Figures are reported as ratios to the bare route and
 * to the peer measured in the same run, because absolute numbers on a shared machine are noise.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadSpec } from './load.js';
import { admin, DEMO_KEY_LOGIN, serverKeySession, startLatchkey } from './latchkey-process.js';
import { alternate } from './alternating.js';
import { SERVER_MAIN, measure, serve, type Served } from './processes.js';
import { seedUsers } from './seed.js';
import { renderReport, type Row, type ScenarioId } from './report.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const PEER_DIR = join(HERE, '..', 'peers', 'better-auth');
/** SQLite's results and PostgreSQL's side by side. */
const RESULTS = join(HERE, '..', 'results', process.env.DATABASE_URL ? 'latest-postgres.md' : 'latest.md');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const BIG_USERS = Number(process.env.BENCH_BIG_USERS ?? 100_000);
const DATABASE_URL = process.env.DATABASE_URL;
const CLIENT = '/api/client/v2.0';

async function startPeer(): Promise<{ served: Served; key: string; dir: string }> {
  if (!existsSync(join(PEER_DIR, 'node_modules'))) {
    console.log('installing the peer (bench/peers/better-auth) once…');
    execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: PEER_DIR, stdio: 'inherit' });
  }
  const dir = await mkdtemp(join(tmpdir(), 'latchkey-bench-peer-'));
  const served = await serve(
    [process.execPath, join(PEER_DIR, 'server.mjs')],
    { PEER_DB: join(dir, 'peer.db') },
    /READY (http:\/\/\S+)/,
    PEER_DIR,
  );
  const key = /READY \S+ (\S+)/.exec(served.output())![1]!;
  return { served, key, dir };
}

/** The same server without Prometheus metrics: what metrics cost is measured against it. */
const WITHOUT_METRICS = { LATCHKEY_METRICS: 'false' };
/** An app that keeps no audit log: what the audit log costs logins is measured against it. */
const QUIET_APP = 'quiet';

interface Scenario {
  id: ScenarioId;
  name: string;
  spec: Omit<LoadSpec, 'connections' | 'seconds'>;
  pid: number;
}

function report(row: Row): Row {
  console.log(
    `${row.name.padEnd(44)} ${row.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms  ` +
      `failed ${row.failed}  rss ${row.peakRssMiB.toFixed(0)} MiB`,
  );
  return row;
}

async function scenario(rows: Row[], id: ScenarioId, name: string, spec: Scenario['spec'], pid: number): Promise<Row> {
  // A short warm-up first, so the JIT and the caches are in the same state for every scenario.
  await measure({ ...spec, connections: CONNECTIONS, seconds: 1 }, pid);
  const result = await measure({ ...spec, connections: CONNECTIONS, seconds: SECONDS }, pid);
  const row = report({ id, name, ...result });
  rows.push(row);
  return row;
}

/** Scenarios compared with each other run in alternation (alternating.ts), and are reported as one row each. */
async function alternating(rows: Row[], scenarios: Scenario[], rounds = 4): Promise<void> {
  const results = await alternate(scenarios, { connections: CONNECTIONS, seconds: SECONDS, rounds });
  for (const { id, name } of scenarios) rows.push(report({ id, name: `${name} (${rounds} alternating rounds)`, ...results.get(id)! }));
}

async function main(): Promise<void> {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run npm install first (it builds the server)`);
  const started = Date.now();
  const rows: Row[] = [];
  console.log(
    `Latchkey benchmark: ${CONNECTIONS} connections, ${SECONDS} s per scenario, store ${DATABASE_URL ? 'PostgreSQL' : 'SQLite'}\n`,
  );

  // The peer runs from the start: its verification is measured in alternation with Latchkey's
  // (a figure taken once, at the end of a long run, moved with the machine's state: 7.9× to 12.1×).
  const peer = await startPeer();
  const small = await startLatchkey();
  // What metrics cost is measured between twins: two servers seeded and loaded alike, one
  // without metrics, so neither carries the other scenarios' sessions and garbage.
  const twin = await startLatchkey();
  const plain = await startLatchkey(WITHOUT_METRICS);
  let stopFloor: (() => Promise<void>) | undefined;
  try {
    // 200 creators with up to 1,000 keys each: more than the creation scenario can make (with
    // twenty, creation at 14,000 req/s hit every creator's limit within 2 s and measured refusals).
    const [user, ...creators] = await seedUsers(small.url, 'demo', 201);
    await small.fill(100, 10); // 1,000 stored keys, plus the seeded users' own
    await admin(small.url, 'PATCH', '/apps/demo', { settings: { maxUserApiKeys: 1000 } });
    await admin(small.url, 'POST', '/apps', { client_app_id: QUIET_APP, settings: { auditRetentionDays: 0 } });
    const [quiet] = await seedUsers(small.url, QUIET_APP, 1);
    const [measured] = await seedUsers(twin.url, 'demo', 1);
    const [unmeasured] = await seedUsers(plain.url, 'demo', 1);
    await twin.fill(100, 10);
    await plain.fill(100, 10);
    const u = user!;
    // The floor any login must pay, in its own process, loaded in alternation with the real login.
    const floorDir = await mkdtemp(join(tmpdir(), 'latchkey-bench-floor-'));
    const floor = await serve([process.execPath, join(HERE, 'floor.js'), u.key, join(floorDir, 'floor.db')], {}, /READY (http:\/\/\S+)/);
    stopFloor = async () => {
      await floor.stop();
      await rm(floorDir, { recursive: true, force: true });
    };
    /** A load on the floor process (floor.ts), with the key it knows. */
    const atFloor = (path: string) => ({
      spec: { url: floor.url, method: 'POST', path, body: { key: u.key } } as const,
      pid: floor.child.pid!,
    });
    await scenario(rows, 'bare', 'bare JSON route (GET /health)', { url: small.url, method: 'GET', path: '/health' }, small.pid);
    const login = (app: string, key: string, url = small.url) =>
      ({ url, method: 'POST', path: `${CLIENT}/app/${app}/auth/providers/api-key/login`, body: { key } }) as const;
    await alternating(rows, [
      { id: 'login', name: 'API-key login, 1,000 stored keys', spec: login('demo', u.key), pid: small.pid },
      { id: 'loginNoAudit', name: 'API-key login, app keeping no audit log', spec: login(QUIET_APP, quiet!.key), pid: small.pid },
      {
        id: 'floor',
        name: 'login floor: SHA-256, one Ed25519 JWT, a random token (bench/src/floor.ts)',
        ...atFloor('/login'),
      },
      {
        id: 'floorWrite',
        name: 'login floor with its write: the same, plus the session row in SQLite, group-committed',
        ...atFloor('/login-with-write'),
      },
    ]);
    await alternating(rows, [
      { id: 'loginMetrics', name: 'API-key login, twin server with metrics', spec: login('demo', measured!.key, twin.url), pid: twin.pid },
      {
        id: 'loginNoMetrics',
        name: 'API-key login, server without metrics',
        spec: login('demo', unmeasured!.key, plain.url),
        pid: plain.pid,
      },
    ]);
    // A backend verifying the keys it is handed: a server key's session, the same user key again and again.
    const backendToken = await serverKeySession(small.url, 'bench-backend');
    // Verification against two floors of a JSON POST, in alternation: Latchkey's own (the revocation
    // route given a malformed key does no work past parsing, but passes every hook of the server)
    // and a minimal Fastify route in a process of its own (what "a bare JSON POST" means outside).
    await alternating(rows, [
      {
        id: 'barePost',
        name: "Latchkey's bare JSON POST (revocation of a malformed key)",
        spec: { url: small.url, method: 'POST', path: `${CLIENT}/api_keys/revoke`, body: { keys: ['not-a-key'] } },
        pid: small.pid,
      },
      {
        id: 'bareFastifyPost',
        name: 'bare JSON POST: a minimal Fastify route (bench/src/floor.ts)',
        ...atFloor('/bare'),
      },
      {
        id: 'verify',
        name: 'key verification (POST /app/{app}/auth/api_keys/verify)',
        spec: {
          url: small.url,
          method: 'POST',
          path: `${CLIENT}/app/demo/auth/api_keys/verify`,
          token: backendToken,
          body: { key: u.key },
        },
        pid: small.pid,
      },
      {
        id: 'peer',
        name: 'peer: Better Auth verifyApiKey (SQLite)',
        spec: { url: peer.served.url, method: 'POST', path: '/verify', body: { key: peer.key } },
        pid: peer.served.child.pid!,
      },
    ]);
    await scenario(
      rows,
      'apiKeys',
      'refresh-token call (GET /auth/api_keys)',
      { url: small.url, method: 'GET', path: `${CLIENT}/auth/api_keys`, token: u.refreshToken },
      small.pid,
    );
    const profile = (url: string, token: string) => ({ url, method: 'GET', path: `${CLIENT}/auth/profile`, token }) as const;
    await scenario(rows, 'profile', 'access-token call (GET /auth/profile)', profile(small.url, u.accessToken), small.pid);
    await alternating(rows, [
      {
        id: 'profileMetrics',
        name: 'access-token call, twin server with metrics',
        spec: profile(twin.url, measured!.accessToken),
        pid: twin.pid,
      },
      {
        id: 'profileNoMetrics',
        name: 'access-token call, server without metrics',
        spec: profile(plain.url, unmeasured!.accessToken),
        pid: plain.pid,
      },
    ]);
    await scenario(
      rows,
      'create',
      'key creation (POST /auth/api_keys)',
      { url: small.url, method: 'POST', path: `${CLIENT}/auth/api_keys`, createKeysWith: creators.map((c) => c.refreshToken) },
      small.pid,
    );
    await scenario(
      rows,
      'bareAgain',
      'bare JSON route again, after the others',
      { url: small.url, method: 'GET', path: '/health' },
      small.pid,
    );
  } finally {
    await stopFloor?.();
    await small.stop();
    await twin.stop();
    await plain.stop();
    await peer.served.stop();
    await rm(peer.dir, { recursive: true, force: true });
  }

  const big = await startLatchkey();
  try {
    const [user] = await seedUsers(big.url, 'demo', 1);
    const fillStarted = Date.now();
    await big.fill(BIG_USERS, 10);
    console.log(
      `(seeded ${(BIG_USERS * 10).toLocaleString('en')} keys for ${BIG_USERS.toLocaleString('en')} users in ${((Date.now() - fillStarted) / 1000).toFixed(0)} s)`,
    );
    await scenario(
      rows,
      'loginBig',
      `API-key login, ${(BIG_USERS * 10).toLocaleString('en')} stored keys`,
      { url: big.url, method: 'POST', path: DEMO_KEY_LOGIN, body: { key: user!.key } },
      big.pid,
    );
  } finally {
    await big.stop();
  }

  const report = renderReport(rows, {
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
    store: DATABASE_URL ? 'PostgreSQL' : 'SQLite (WAL)',
    connections: CONNECTIONS,
    seconds: SECONDS,
    bigKeys: BIG_USERS * 10,
    elapsedSeconds: Math.round((Date.now() - started) / 1000),
  });
  await mkdir(dirname(RESULTS), { recursive: true });
  await writeFile(RESULTS, report);
  console.log('\n' + report);
  console.log(`written to ${RESULTS}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
