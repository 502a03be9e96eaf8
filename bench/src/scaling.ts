/**
 * `npm run scaling` (not part of CI; about 4 minutes): the measured inputs of docs/scaling.md's
 * capacity model, and the simulation that checks it, on PostgreSQL.
 *
 * 1. Costs per operation, one node: each operation alone, flat out, while the CPU of the node,
 *    of every PostgreSQL process and of the whole machine is read from /proc, write
 *    transactions are counted by the transaction id's advance, WAL bytes by the WAL position's,
 *    store operations from the node's own metrics and change notifications by listening on
 *    the channel the nodes use.
 * 2. Nodes on one database: 1…SCALING_NODES nodes on one schema, mixed traffic (whole session
 *    lifecycles, mixed-load.ts) flat out at all of them at once, the same split of CPU.
 *
 * Writes bench/results/scaling.md. Everything runs on this machine: nodes, database and load
 * generators share its cores, which is what the report's model accounts for.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DATABASE_URL, loadAll, prepareTraffic, startCluster, type Cluster, type Traffic } from './cluster.js';
import { machineBusySeconds, postgresCpuBetween, postgresCpuByPid, processCpuSeconds } from './cpu.js';
import { ADMIN_TOKEN, admin, serverKeySession } from './latchkey-process.js';
import type { LoadSpec } from './load.js';
import { SERVER_MAIN, measure } from './processes.js';
import { seedUsers } from './seed.js';
import { DatabaseProbe } from './database-probe.js';
import {
  CONNECTIONS,
  CORES,
  SECONDS,
  describe,
  render,
  type CommitRates,
  type Costs,
  type FanOut,
  type OperationCosts,
} from './scaling-report.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(HERE, '..', 'results', 'scaling.md');
const MAX_NODES = Number(process.env.SCALING_NODES ?? 4);
const CLIENT = '/api/client/v2.0';

/** Counters read before and after a run; their differences divided by the requests served. */
interface Counters {
  at: number;
  nodeCpu: number;
  postgresCpu: Map<number, number>;
  machineBusy: number;
  xid: bigint;
  walLsn: string;
  notifications: number;
  storeOperations: number;
}

/** Sum of the nodes' store operations so far, from their Prometheus metrics. */
async function storeOperations(cluster: Cluster): Promise<number> {
  let total = 0;
  for (const node of cluster.nodes) {
    const response = await fetch(`${node.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const counts = [...(await response.text()).matchAll(/^latchkey_store_operation_duration_seconds_count\{[^}]*\} (\d+)/gm)];
    if (!response.ok || counts.length === 0) throw new Error(`${node.url}/metrics: ${response.status}, no store operation counts`);
    for (const match of counts) total += Number(match[1]);
  }
  return total;
}

async function read(cluster: Cluster, probe: DatabaseProbe): Promise<Counters> {
  const { xid, walLsn } = await probe.positions();
  return {
    at: Date.now(),
    nodeCpu: cluster.nodes.reduce((sum, node) => sum + processCpuSeconds(node.child.pid!), 0),
    postgresCpu: postgresCpuByPid(),
    machineBusy: machineBusySeconds(),
    xid,
    walLsn,
    notifications: probe.notifications,
    storeOperations: await storeOperations(cluster),
  };
}

async function costsBetween(
  probe: DatabaseProbe,
  before: Counters,
  after: Counters,
  load: { requestsPerSecond: number; p99: number; failed: number; ok?: number },
): Promise<Costs> {
  const seconds = (after.at - before.at) / 1000;
  const requests = Math.max(1, Math.round(load.requestsPerSecond * seconds));
  const per = (value: number) => value / requests;
  const nodeCpu = after.nodeCpu - before.nodeCpu;
  const postgresCpu = postgresCpuBetween(before.postgresCpu, after.postgresCpu);
  const busy = after.machineBusy - before.machineBusy;
  return {
    requests,
    requestsPerSecond: load.requestsPerSecond,
    p99: load.p99,
    failed: load.failed,
    nodeCpuUs: per(nodeCpu) * 1e6,
    postgresCpuUs: per(postgresCpu) * 1e6,
    otherCpuUs: per(Math.max(0, busy - nodeCpu - postgresCpu)) * 1e6,
    busy: busy / (seconds * CORES),
    // The probe's own reading takes one id.
    writeTransactions: per(Number(after.xid - before.xid) - 1),
    walBytes: per(await probe.walBytesBetween(before.walLsn, after.walLsn)),
    notifications: per(after.notifications - before.notifications),
    storeOperations: per(after.storeOperations - before.storeOperations),
  };
}

interface Operation {
  name: string;
  spec: Omit<LoadSpec, 'connections' | 'seconds' | 'url'>;
}

async function operationCosts(probe: DatabaseProbe): Promise<OperationCosts> {
  const cluster = await startCluster('postgres', 1);
  try {
    const url = cluster.nodes[0]!.url;
    const pid = cluster.nodes[0]!.child.pid!;
    // 200 creators under a limit of 1,000 keys each: creation never runs into the limit (as in run.ts).
    const [user, ...creators] = await seedUsers(url, 'demo', 201);
    await admin(url, 'PATCH', '/apps/demo', { settings: { maxUserApiKeys: 1000 } });
    const backendToken = await serverKeySession(url, 'scaling-backend');
    const u = user!;
    const operations: Operation[] = [
      { name: 'API-key login', spec: { method: 'POST', path: `${CLIENT}/app/demo/auth/providers/api-key/login`, body: { key: u.key } } },
      { name: 'refresh (new access token)', spec: { method: 'POST', path: `${CLIENT}/auth/session`, token: u.refreshToken } },
      { name: 'verified request (GET /auth/profile)', spec: { method: 'GET', path: `${CLIENT}/auth/profile`, token: u.accessToken } },
      {
        name: 'key verification by a backend',
        spec: { method: 'POST', path: `${CLIENT}/app/demo/auth/api_keys/verify`, token: backendToken, body: { key: u.key } },
      },
      {
        name: 'key creation',
        spec: { method: 'POST', path: `${CLIENT}/auth/api_keys`, createKeysWith: creators.map((c) => c.refreshToken) },
      },
    ];
    const rows: [string, Costs][] = [];
    for (const { name, spec } of operations) {
      await measure({ ...spec, url, connections: CONNECTIONS, seconds: 2 }, pid);
      const before = await read(cluster, probe);
      const result = await measure({ ...spec, url, connections: CONNECTIONS, seconds: SECONDS }, pid);
      const costs = await costsBetween(probe, before, await read(cluster, probe), result);
      rows.push([name, costs]);
      console.log(describe(name, costs));
    }
    const sessions = await probe.bytesPerRow(cluster.databaseUrl!, 'sessions');
    const keys = await probe.bytesPerRow(cluster.databaseUrl!, 'api_keys');
    return { rows, sessions: sessions.rows, sessionBytes: sessions.bytesPerRow, keys: keys.rows, keyBytes: keys.bytesPerRow };
  } finally {
    await cluster.stop();
  }
}

/**
 * PostgreSQL serialises the commits of transactions that NOTIFY (one lock on the notification
 * queue, held from before the commit record until after it): measured here as commits per
 * second of a one-row write transaction from many connections, with and without a NOTIFY.
 */
async function notifyingCommits(): Promise<CommitRates> {
  const connections = 16;
  const schema = `lk_scaling_probe_${process.pid}`;
  const setup = new pg.Client({ connectionString: DATABASE_URL });
  await setup.connect();
  await setup.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.probe (id BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL)`);
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      return client;
    }),
  );
  const rate = async (notify: boolean) => {
    const until = Date.now() + (SECONDS * 1000) / 2;
    let commits = 0;
    await Promise.all(
      clients.map(async (client) => {
        while (Date.now() < until) {
          await client.query('BEGIN');
          await client.query(`INSERT INTO ${schema}.probe (at) VALUES ($1)`, [Date.now()]);
          if (notify) await client.query("SELECT pg_notify('latchkey_scaling_probe', 'x')");
          await client.query('COMMIT');
          commits++;
        }
      }),
    );
    return commits / (SECONDS / 2);
  };
  try {
    const plain = await rate(false);
    const notifying = await rate(true);
    console.log(`commits/s from ${connections} connections: plain ${plain.toFixed(0)}, with NOTIFY ${notifying.toFixed(0)}`);
    return { plain, notifying, connections };
  } finally {
    await Promise.all(clients.map((client) => client.end()));
    await setup.query(`DROP SCHEMA ${schema} CASCADE`);
    await setup.end();
  }
}

async function nodesOnOneDatabase(probe: DatabaseProbe, nodes: number): Promise<Costs> {
  const cluster = await startCluster('postgres', nodes);
  try {
    const traffic: Traffic = await prepareTraffic(cluster, 100);
    await loadAll(cluster, traffic, CONNECTIONS, 3, 0);
    const before = await read(cluster, probe);
    const load = await loadAll(cluster, traffic, CONNECTIONS, SECONDS, 0);
    const costs = await costsBetween(probe, before, await read(cluster, probe), load);
    console.log(describe(`${nodes} node${nodes > 1 ? 's' : ''}, mixed`, costs));
    return costs;
  } finally {
    await cluster.stop();
  }
}

/**
 * What one more node costs the others, without the contention of more processes than cores:
 * `nodes` nodes on one database, mixed traffic at the first only. The idle nodes still hear
 * every change the loaded one announces and keep their own timers; their CPU, per request
 * served by the loaded node, is what each further node adds.
 */
async function oneLoadedOfMany(probe: DatabaseProbe, nodes: number): Promise<FanOut> {
  const cluster = await startCluster('postgres', nodes);
  try {
    const traffic: Traffic = await prepareTraffic(cluster, 100);
    const loaded: Cluster = { ...cluster, nodes: cluster.nodes.slice(0, 1) };
    await loadAll(loaded, traffic, CONNECTIONS, 3, 0);
    const loadedPid = cluster.nodes[0]!.child.pid!;
    const [before, loadedBefore] = [await read(cluster, probe), processCpuSeconds(loadedPid)];
    const load = await loadAll(loaded, traffic, CONNECTIONS, SECONDS, 0);
    const [after, loadedAfter] = [await read(cluster, probe), processCpuSeconds(loadedPid)];
    const costs = await costsBetween(probe, before, after, load);
    const loadedCpuUs = ((loadedAfter - loadedBefore) / costs.requests) * 1e6;
    const idleCpuUs = Math.max(0, costs.nodeCpuUs - loadedCpuUs);
    console.log(
      `${describe(`${nodes} nodes, only the first loaded`, costs)}  loaded node ${loadedCpuUs.toFixed(0)} µs/req, the ${nodes - 1} others ${idleCpuUs.toFixed(1)} µs/req`,
    );
    return { costs, loadedCpuUs, idleCpuUs };
  } finally {
    await cluster.stop();
  }
}

async function main(): Promise<void> {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run npm install first (it builds the server)`);
  const started = Date.now();
  const probe = await DatabaseProbe.open();
  try {
    console.log('Costs per operation, one node on PostgreSQL:');
    const ops = await operationCosts(probe);
    const commits = await notifyingCommits();
    console.log('\nNodes on one database, mixed traffic:');
    const curve: [number, Costs][] = [];
    for (let nodes = 1; nodes <= MAX_NODES; nodes++) curve.push([nodes, await nodesOnOneDatabase(probe, nodes)]);
    const fanOut = await oneLoadedOfMany(probe, MAX_NODES);
    await mkdir(dirname(RESULTS), { recursive: true });
    await writeFile(RESULTS, render(ops, commits, curve, fanOut, (Date.now() - started) / 1000));
    console.log(`\nwritten to ${RESULTS}`);
    if ([...ops.rows, ...curve, ['fan-out', fanOut.costs] as const].some(([, c]) => c.failed > 0)) {
      console.error('some requests failed');
      process.exitCode = 1;
    }
  } finally {
    await probe.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
