/** The report of `npm run scaling` (bench/results/scaling.md) and the shapes it is drawn from. */
import { cpus, totalmem } from 'node:os';

export const SECONDS = Number(process.env.SCALING_SECONDS ?? 10);
export const CONNECTIONS = 32;
export const CORES = cpus().length;

export interface Costs {
  requests: number;
  requestsPerSecond: number;
  p99: number;
  failed: number;
  /** Microseconds of CPU per request. */
  nodeCpuUs: number;
  postgresCpuUs: number;
  /** Everything else busy on the machine: the load generators, mostly. */
  otherCpuUs: number;
  /** Busy share of all cores during the run. */
  busy: number;
  writeTransactions: number;
  walBytes: number;
  notifications: number;
  storeOperations: number;
}

export interface OperationCosts {
  rows: [string, Costs][];
  sessions: number;
  keys: number;
  keyBytes: number;
  sessionBytes: number;
}
export interface CommitRates {
  plain: number;
  notifying: number;
  connections: number;
}
export interface FanOut {
  costs: Costs;
  loadedCpuUs: number;
  idleCpuUs: number;
}

export function describe(name: string, c: Costs): string {
  return (
    `${name.padEnd(40)} ${c.requestsPerSecond.toFixed(0).padStart(6)} req/s  p99 ${c.p99} ms  failed ${c.failed}  ` +
    `cpu µs/req node ${c.nodeCpuUs.toFixed(0)} pg ${c.postgresCpuUs.toFixed(0)} other ${c.otherCpuUs.toFixed(0)}  busy ${(c.busy * 100).toFixed(0)}%  ` +
    `xacts ${c.writeTransactions.toFixed(2)} wal ${c.walBytes.toFixed(0)} B notify ${c.notifications.toFixed(2)} store ops ${c.storeOperations.toFixed(2)}`
  );
}

const f0 = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const f2 = (n: number) => n.toFixed(2);

/**
 * What the machine could serve if every core did only this traffic: the cores divided by the
 * CPU one request costs everywhere (node, database, load generator). Nodes sharing one
 * machine can only split the same cores, so the model predicts a flat line, lowered by
 * whatever each further node adds per request.
 */
const predicted = (c: Costs) => (CORES * 1e6) / (c.nodeCpuUs + c.postgresCpuUs + c.otherCpuUs);

export function render(
  ops: OperationCosts,
  commits: CommitRates,
  curve: [number, Costs][],
  fanOut: FanOut,
  elapsedSeconds: number,
): string {
  const one = curve[0]![1];
  const lines = [
    '# Scaling: measured inputs and the multi-node simulation',
    '',
    `Run ${new Date().toISOString()} on ${CORES} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ` +
      `PostgreSQL on the same machine; ${SECONDS} s per measurement, ${CONNECTIONS} connections; ${Math.round(elapsedSeconds)} s in all. ` +
      '`npm run scaling` wrote this file; docs/scaling.md explains it.',
    '',
    '## Costs per operation (one node)',
    '',
    'CPU per request from /proc: the node process, every PostgreSQL process, and the rest of the machine (the load generator, mostly). ' +
      'Write transactions: the transaction id’s advance (read-only statements take none). WAL: bytes of write-ahead log. ' +
      'Notifications: messages on the nodes’ change channel (each is delivered to every node). Store operations: from the node’s metrics.',
    '',
    '| operation | req/s | p99 ms | node CPU µs | PostgreSQL CPU µs | other CPU µs | write transactions | WAL bytes | notifications | store operations |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...ops.rows.map(
      ([name, c]) =>
        `| ${name} | ${f0(c.requestsPerSecond)} | ${c.p99} | ${f0(c.nodeCpuUs)} | ${f0(c.postgresCpuUs)} | ${f0(c.otherCpuUs)} | ${f2(c.writeTransactions)} | ${f0(c.walBytes)} | ${f2(c.notifications)} | ${f2(c.storeOperations)} |`,
    ),
    '',
    `Storage after the run: ${f0(ops.sessions)} sessions at ${f0(ops.sessionBytes)} bytes each, ${f0(ops.keys)} keys at ${f0(ops.keyBytes)} bytes each ` +
      '(table and indexes, divided by rows).',
    '',
    '## Commits that notify',
    '',
    `One-row write transactions (synchronous commit) from ${commits.connections} connections at once: ${f0(commits.plain)} commits/s; ` +
      `the same with a NOTIFY in each: ${f0(commits.notifying)} commits/s (${((commits.notifying / commits.plain) * 100).toFixed(0)}%).`,
    '',
    '## Nodes on one database (mixed traffic, flat out)',
    '',
    'Whole session lifecycles: API-key login (every 20th a password), profile, refresh, profile, list keys, a backend verifies the key, log out. ' +
      `"Model" is ${CORES} cores divided by the CPU per request measured with one node: what this machine serves if nothing else changes as nodes are added.`,
    '',
    '| nodes | req/s | model req/s | measured / model | p99 ms | failed | node CPU µs/req (all nodes) | PostgreSQL CPU µs/req | other CPU µs/req | machine busy | notifications/req | write transactions/req |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...curve.map(
      ([nodes, c]) =>
        `| ${nodes} | ${f0(c.requestsPerSecond)} | ${f0(predicted(one))} | ${((c.requestsPerSecond / predicted(one)) * 100).toFixed(0)}% | ${c.p99} | ${c.failed} | ${f0(c.nodeCpuUs)} | ${f0(c.postgresCpuUs)} | ${f0(c.otherCpuUs)} | ${(c.busy * 100).toFixed(0)}% | ${f2(c.notifications)} | ${f2(c.writeTransactions)} |`,
    ),
    '',
    `## What a further node costs (${curve.length} nodes, mixed traffic at the first only)`,
    '',
    `The loaded node served ${f0(fanOut.costs.requestsPerSecond)} req/s (p99 ${fanOut.costs.p99} ms) at ${f0(fanOut.loadedCpuUs)} µs of CPU per request; ` +
      `the ${curve.length - 1} idle nodes together used ${fanOut.idleCpuUs.toFixed(1)} µs per request served (change notifications heard, ` +
      `${f2(fanOut.costs.notifications)} per request, and their own timers); PostgreSQL ${f0(fanOut.costs.postgresCpuUs)} µs per request.`,
  ];
  return lines.join('\n') + '\n';
}
