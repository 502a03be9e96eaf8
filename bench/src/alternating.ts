import type { LoadSpec } from './load.js';
import { measure } from './processes.js';

/** One load in an alternation: what to send, and the server process whose memory is sampled. */
export interface Alternated<Id extends string> {
  id: Id;
  spec: Omit<LoadSpec, 'connections' | 'seconds'>;
  pid: number;
}

export interface AlternatedResult {
  requestsPerSecond: number;
  /** Mean of the rounds' medians. */
  p50: number;
  /** The worst round's. */
  p99: number;
  ok: number;
  failed: number;
  peakRssMiB: number;
}

/**
 * Loads that are compared with each other run in alternation, each round a share of `seconds`
 * and each round in the reverse order of the last (A B, B A, …): drift in a shared machine's
 * load then falls on all of them alike instead of on whichever ran last. One second of warm-up
 * each first, so the JIT and the caches are in the same state for all.
 */
export async function alternate<Id extends string>(
  loads: Alternated<Id>[],
  options: { connections: number; seconds: number; rounds?: number },
): Promise<Map<Id, AlternatedResult>> {
  const rounds = options.rounds ?? 4;
  const seconds = Math.max(1, Math.round((options.seconds * 2) / rounds));
  const { connections } = options;
  for (const { spec, pid } of loads) await measure({ ...spec, connections, seconds: 1 }, pid);
  const runs = new Map<Id, Awaited<ReturnType<typeof measure>>[]>();
  for (let round = 0; round < rounds; round++) {
    for (const { id, spec, pid } of round % 2 ? [...loads].reverse() : loads) {
      runs.set(id, [...(runs.get(id) ?? []), await measure({ ...spec, connections, seconds }, pid)]);
    }
  }
  const results = new Map<Id, AlternatedResult>();
  for (const [id, measured] of runs) {
    const mean = (pick: (run: (typeof measured)[number]) => number) => measured.reduce((sum, run) => sum + pick(run), 0) / measured.length;
    results.set(id, {
      requestsPerSecond: mean((run) => run.requestsPerSecond),
      p50: Math.round(mean((run) => run.p50)),
      p99: Math.max(...measured.map((run) => run.p99)),
      ok: measured.reduce((sum, run) => sum + run.ok, 0),
      failed: measured.reduce((sum, run) => sum + run.failed, 0),
      peakRssMiB: Math.max(...measured.map((run) => run.peakRssMiB)),
    });
  }
  return results;
}
