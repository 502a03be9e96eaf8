/**
 * A same-run A/B of two builds of Latchkey: `npm run bench:ab -- <other checkout>` starts the
 * other checkout's built server (A) beside this one's (B), both on SQLite with the same
 * settings, and alternates rounds of the same load against each (A B, B A, …), so that the
 * machine's drift falls on both alike. Reports throughput and, steadier on a shared machine,
 * the server's CPU time per request. Both checkouts must be built (`npm run build`). The load
 * comes from autocannon in a process of its own, as in `npm run bench`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processCpuSeconds } from './cpu.js';
import { latchkeyEnv } from './latchkey-process.js';
import type { LoadSpec } from './load.js';
import { SERVER_MAIN, SERVER_NODE_FLAGS, measure, serve, type Served } from './processes.js';

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'ab.md');
const ROUNDS = Number(process.env.BENCH_AB_ROUNDS ?? 6);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

interface Side {
  name: 'A' | 'B';
  served: Served;
  dataDir: string;
  key: string;
  accessToken: string;
  refreshToken: string;
}

async function post(url: string, path: string, body: unknown, token?: string): Promise<Record<string, string>> {
  const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const response = await fetch(`${url}/api/client/v2.0${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return (await response.json().catch(() => ({}))) as Record<string, string>;
}

async function startSide(name: Side['name'], main: string): Promise<Side> {
  const dataDir = await mkdtemp(join(tmpdir(), `latchkey-ab-${name}-`));
  const served = await serve(
    [process.execPath, ...SERVER_NODE_FLAGS, main, 'serve'],
    latchkeyEnv(dataDir, null),
    /listening on (http:\/\/\S+)[\s\S]*Ready\./,
  );
  await post(served.url, '/app/demo/auth/providers/local-userpass/register', { email: 'ab@example.com', password: 'correct horse' });
  const login = await post(served.url, '/app/demo/auth/providers/local-userpass/login', {
    username: 'ab@example.com',
    password: 'correct horse',
  });
  const created = await post(served.url, '/auth/api_keys', { name: 'ab' }, login.refresh_token);
  if (!created.key || !login.access_token) throw new Error(`${name}: could not sign in and create a key on ${served.url}`);
  return { name, served, dataDir, key: created.key, accessToken: login.access_token, refreshToken: login.refresh_token! };
}

const SCENARIOS: [string, (side: Side) => Omit<LoadSpec, 'connections' | 'seconds'>][] = [
  [
    'API-key login',
    (side) => ({
      url: side.served.url,
      method: 'POST',
      path: '/api/client/v2.0/app/demo/auth/providers/api-key/login',
      body: { key: side.key },
    }),
  ],
  [
    'GET /auth/profile',
    (side) => ({ url: side.served.url, method: 'GET', path: '/api/client/v2.0/auth/profile', token: side.accessToken }),
  ],
  [
    'GET /auth/api_keys',
    (side) => ({ url: side.served.url, method: 'GET', path: '/api/client/v2.0/auth/api_keys', token: side.refreshToken }),
  ],
];

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

async function main(): Promise<void> {
  const other = process.argv[2];
  if (!other) throw new Error('usage: npm run bench:ab -- <path of the other checkout, built>');
  const sides = [
    await startSide('A', join(resolve(other), 'packages', 'server', 'dist', 'cli', 'main.js')),
    await startSide('B', SERVER_MAIN),
  ];
  const lines = [
    '# Latchkey A/B (npm run bench:ab)',
    '',
    `${new Date().toISOString()} · A: ${resolve(other)} · B: this checkout · ${ROUNDS} alternating rounds of ${SECONDS} s per side and scenario, ${CONNECTIONS} connections`,
    '',
  ];
  const say = (line: string) => {
    console.log(line);
    lines.push(`- ${line}`);
  };
  try {
    for (const [scenario, specOf] of SCENARIOS) {
      const rates: Record<string, number[]> = { A: [], B: [] };
      const cpu: Record<string, number[]> = { A: [], B: [] };
      let failed = 0;
      for (const side of sides) await measure({ ...specOf(side), connections: CONNECTIONS, seconds: 1 }, side.served.child.pid!);
      for (let round = 0; round < ROUNDS; round++) {
        for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
          const pid = side.served.child.pid!;
          const before = processCpuSeconds(pid);
          const result = await measure({ ...specOf(side), connections: CONNECTIONS, seconds: SECONDS }, pid);
          const requests = result.requestsPerSecond * SECONDS;
          rates[side.name]!.push(result.requestsPerSecond);
          cpu[side.name]!.push(((processCpuSeconds(pid) - before) * 1e6) / Math.max(1, requests));
          failed += result.failed;
        }
      }
      const [a, b] = [mean(rates.A!), mean(rates.B!)];
      const [cpuA, cpuB] = [mean(cpu.A!), mean(cpu.B!)];
      say(
        `${scenario}: A ${a.toFixed(0)} req/s, B ${b.toFixed(0)} req/s, B/A ${(b / a).toFixed(3)} · server CPU per request A ${cpuA.toFixed(1)} µs, ` +
          `B ${cpuB.toFixed(1)} µs, B/A ${(cpuB / cpuA).toFixed(3)} · rounds A ${rates.A!.map((r) => r.toFixed(0)).join(' ')}, B ${rates.B!.map((r) => r.toFixed(0)).join(' ')} · not 2xx ${failed}`,
      );
    }
    await writeFile(RESULTS, lines.join('\n') + '\n');
  } finally {
    for (const side of sides) {
      await side.served.stop();
      await rm(side.dataDir, { recursive: true, force: true });
    }
  }
}

await main();
