/**
 * Latchkey nodes started together for the multi-node runs (`npm run soak`, `npm run scaling`):
 * one SQLite node, or several nodes on one fresh PostgreSQL schema, each with its own data
 * directory; and mixed traffic (mixed-load.ts) driven at all of them at once.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { latchkeyEnv, serverKeySession, startLatchkeyProcess, withSchema } from './latchkey-process.js';
import type { MixedResult, MixedSpec } from './mixed-load.js';
import { rssMiB, type Served } from './processes.js';
import { seedUsers } from './seed.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Cluster {
  name: string;
  nodes: Served[];
  /** The schema-scoped PostgreSQL URL the nodes use (null on SQLite). */
  databaseUrl: string | null;
  stop(): Promise<void>;
}

/** `nodes` PostgreSQL nodes on one new schema, or (store 'sqlite') one SQLite node. */
export async function startCluster(store: string, nodeCount = 2): Promise<Cluster> {
  const dirs: string[] = [];
  const dataDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'latchkey-cluster-'));
    dirs.push(dir);
    return dir;
  };
  const schema = store === 'postgres' ? await withSchema(DATABASE_URL) : null;
  const nodes: Served[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    await schema?.drop();
  };
  try {
    for (let n = 0; n < (schema ? nodeCount : 1); n++)
      nodes.push(await startLatchkeyProcess(latchkeyEnv(await dataDir(), schema?.url ?? null)));
  } catch (error) {
    await stop();
    throw error;
  }
  const count = nodes.length;
  return {
    name: schema ? `PostgreSQL, ${count === 2 ? 'two nodes' : `${count} node${count === 1 ? '' : 's'}`}` : 'SQLite, one node',
    nodes,
    databaseUrl: schema?.url ?? null,
    stop,
  };
}

/** What every node's mixed traffic shares: users with keys and passwords, and a backend's session that verifies keys. */
export type Traffic = Omit<MixedSpec, 'url' | 'seconds' | 'overallRate' | 'connections'>;

export async function prepareTraffic(cluster: Cluster, users: number): Promise<Traffic> {
  const url = cluster.nodes[0]!.url;
  const seeded = await seedUsers(url, 'demo', users);
  return {
    appId: 'demo',
    users: seeded.map(({ email, password, key }) => ({ email, password, key })),
    verifierToken: await serverKeySession(url, `verifier-${Date.now()}`),
  };
}

async function runMixed(spec: MixedSpec): Promise<MixedResult> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(HERE, 'mixed-load.js'), JSON.stringify(spec)], {
    timeout: (spec.seconds + 30) * 1000,
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout) as MixedResult;
}

export interface ClusterLoad {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  failed: number;
  statuses: Record<string, number>;
  /** Peak RSS of each node during the run, MiB. */
  rss: number[];
}

/**
 * Every node loaded at once by its own load generator process, `connections` split evenly
 * among them, each node at `rate` requests per second (0: flat out); the results merged.
 */
export async function loadAll(
  cluster: Cluster,
  traffic: Traffic,
  connections: number,
  seconds: number,
  rate: number,
): Promise<ClusterLoad> {
  const peaks = cluster.nodes.map((node) => rssMiB(node.child.pid!));
  const sampler = setInterval(() => {
    cluster.nodes.forEach((node, n) => (peaks[n] = Math.max(peaks[n]!, rssMiB(node.child.pid!))));
  }, 1000);
  try {
    const perNode = Math.ceil(connections / cluster.nodes.length);
    const results = await Promise.all(
      cluster.nodes.map((node) => runMixed({ ...traffic, url: node.url, connections: perNode, seconds, overallRate: rate })),
    );
    const statuses: Record<string, number> = {};
    for (const result of results)
      for (const [code, count] of Object.entries(result.statuses)) statuses[code] = (statuses[code] ?? 0) + count;
    return {
      requestsPerSecond: results.reduce((sum, result) => sum + result.requestsPerSecond, 0),
      p50: Math.max(...results.map((result) => result.p50)),
      p99: Math.max(...results.map((result) => result.p99)),
      failed: results.reduce((sum, result) => sum + result.failed, 0),
      statuses,
      rss: peaks.map((peak, n) => Math.max(peak, rssMiB(cluster.nodes[n]!.child.pid!))),
    };
  } finally {
    clearInterval(sampler);
  }
}
