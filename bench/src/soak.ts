/**
 * `npm run soak` (not part of CI): mixed traffic (mixed-load.ts) at half the maximum measured
 * in the same run, for SOAK_MINUTES (default 10) on SQLite (one node) and then on PostgreSQL
 * (two nodes on one schema, each taking half). Every minute is its own load run, so each
 * minute has its own p99; the servers' RSS is sampled every second. It passes with zero
 * failed requests and RSS and p99 flat (see RSS_GROWTH_LIMIT); the report goes to
 * bench/results/soak.md.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAll, prepareTraffic, startCluster, type ClusterLoad } from './cluster.js';
import { SERVER_MAIN } from './processes.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(HERE, '..', 'results', 'soak.md');
const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
/** Seconds per reported "minute" (60; shorter only to try the soak itself out). */
const MINUTE_SECONDS = Number(process.env.SOAK_MINUTE_SECONDS ?? 60);
const STORES = (process.env.SOAK_STORES ?? 'sqlite,postgres').split(',');
const CONNECTIONS = 32;
const USERS = 100;
/**
 * Flat: RSS at the end within 25% of RSS at the start, each the median of three minutes' peaks
 * (one minute's peak alone swings by a third and comes back: 149, 157, 157, 192, 149 MiB in one
 * run); the last minute's p99 within twice the first's (or 5 ms more).
 */
const RSS_GROWTH_LIMIT = 1.25;
const RSS_MINUTES = 3;
const P99_GROWTH_LIMIT = 2;
const P99_SLACK_MS = 5;

interface Minute extends ClusterLoad {
  minute: number;
}

interface Soak {
  cluster: string;
  maximum: number;
  target: number;
  minutes: Minute[];
  verdict: string[];
}

async function soak(store: string): Promise<Soak> {
  const cluster = await startCluster(store);
  try {
    const traffic = await prepareTraffic(cluster, USERS);
    console.log(`\n${cluster.name}: measuring the maximum…`);
    await loadAll(cluster, traffic, CONNECTIONS, 5, 0);
    const maximum = (await loadAll(cluster, traffic, CONNECTIONS, 20, 0)).requestsPerSecond;
    const target = Math.round(maximum / 2);
    console.log(`maximum ${maximum.toFixed(0)} req/s; soaking at ${target} req/s for ${MINUTES} × ${MINUTE_SECONDS} s`);
    const minutes: Minute[] = [];
    for (let minute = 1; minute <= MINUTES; minute++) {
      const result = await loadAll(cluster, traffic, CONNECTIONS, MINUTE_SECONDS, Math.max(1, Math.round(target / cluster.nodes.length)));
      minutes.push({ minute, ...result });
      console.log(
        `minute ${String(minute).padStart(2)}: ${result.requestsPerSecond.toFixed(0)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  ` +
          `failed ${result.failed}  rss ${result.rss.map((rss) => rss.toFixed(0)).join(' / ')} MiB`,
      );
    }
    return { cluster: cluster.name, maximum, target, minutes, verdict: judge(minutes) };
  } finally {
    await cluster.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** What failed the soak, if anything. */
function judge(minutes: Minute[]): string[] {
  const first = minutes[0]!;
  const last = minutes.at(-1)!;
  const problems: string[] = [];
  const failed = minutes.reduce((sum, minute) => sum + minute.failed, 0);
  if (failed > 0) problems.push(`${failed} requests failed`);
  const span = Math.min(RSS_MINUTES, Math.floor(minutes.length / 2)) || 1;
  first.rss.forEach((_, n) => {
    const start = median(minutes.slice(0, span).map((minute) => minute.rss[n]!));
    const end = median(minutes.slice(-span).map((minute) => minute.rss[n]!));
    if (end > start * RSS_GROWTH_LIMIT)
      problems.push(`node ${n + 1} RSS grew from ${start.toFixed(0)} to ${end.toFixed(0)} MiB (medians of ${span} minutes' peaks)`);
  });
  if (last.p99 > Math.max(first.p99 * P99_GROWTH_LIMIT, first.p99 + P99_SLACK_MS))
    problems.push(`p99 grew from ${first.p99} to ${last.p99} ms`);
  return problems;
}

function render(soaks: Soak[], elapsedSeconds: number): string {
  const lines = [
    '# Soak',
    '',
    `Run ${new Date().toISOString()} on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
      `Node ${process.version}; ${Math.round(elapsedSeconds / 60)} minutes in all. \`npm run soak\` wrote this file.`,
    '',
    `Mixed traffic: each of ${CONNECTIONS} connections plays whole sessions — log in (an API key; every 20th a password), profile, ` +
      'refresh, profile, list keys, a backend verifies the key, log out — at half the maximum measured just before, ' +
      `${USERS} users. Each minute is its own load run (its own p99); RSS is the peak of each node in that minute, sampled every second. ` +
      `Flat means RSS at the end within ${RSS_GROWTH_LIMIT}× RSS at the start (each the median of ${RSS_MINUTES} minutes' peaks) and the last minute's p99 within ${P99_GROWTH_LIMIT}× the first's (or ${P99_SLACK_MS} ms more).`,
  ];
  for (const { cluster, maximum, target, minutes, verdict } of soaks) {
    const first = minutes[0]!;
    const last = minutes.at(-1)!;
    const nodes = first.rss.length;
    lines.push(
      '',
      `## ${cluster}`,
      '',
      `Maximum ${maximum.toFixed(0)} req/s; soaked at ${target} req/s. ${verdict.length ? `**Not passed:** ${verdict.join('; ')}.` : 'Passed: zero failed requests, RSS and p99 flat.'}`,
      '',
      `| | req/s | p50 ms | p99 ms | failed | ${first.rss.map((_, n) => (nodes > 1 ? `RSS node ${n + 1} MiB` : 'RSS MiB')).join(' | ')} |`,
      `|---|---:|---:|---:|---:|${first.rss.map(() => '---:').join('|')}|`,
      ...[
        ['first minute', first],
        ['last minute', last],
      ].map(
        ([label, m]) =>
          `| ${label as string} | ${(m as Minute).requestsPerSecond.toFixed(0)} | ${(m as Minute).p50} | ${(m as Minute).p99} | ${(m as Minute).failed} | ${(m as Minute).rss.map((rss) => rss.toFixed(0)).join(' | ')} |`,
      ),
      '',
      '<details><summary>Every minute</summary>',
      '',
      `| minute | req/s | p50 ms | p99 ms | failed | answers | RSS MiB |`,
      '|---:|---:|---:|---:|---:|---|---|',
      ...minutes.map(
        (m) =>
          `| ${m.minute} | ${m.requestsPerSecond.toFixed(0)} | ${m.p50} | ${m.p99} | ${m.failed} | ${Object.entries(m.statuses)
            .map(([code, count]) => `${code}: ${count}`)
            .join(', ')} | ${m.rss.map((rss) => rss.toFixed(0)).join(' / ')} |`,
      ),
      '',
      '</details>',
    );
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run npm install first (it builds the server)`);
  const started = Date.now();
  const soaks: Soak[] = [];
  for (const store of STORES) soaks.push(await soak(store));
  await mkdir(dirname(RESULTS), { recursive: true });
  await writeFile(RESULTS, render(soaks, (Date.now() - started) / 1000));
  console.log(`\nwritten to ${RESULTS}`);
  const failed = soaks.filter((run) => run.verdict.length > 0);
  for (const run of failed) console.error(`${run.cluster}: ${run.verdict.join('; ')}`);
  if (failed.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
