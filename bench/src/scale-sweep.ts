import { stat } from 'node:fs/promises';
import Database from 'better-sqlite3';
import type { KeySet } from './known-keys.js';
import { DEMO_KEY_LOGIN, startLatchkeyProcess } from './latchkey-process.js';
import { measure, type Served } from './processes.js';

/**
 * Months of sessions (scale.ts seeds one per key, 90% expired): the server's background sweep
 * removes them while API-key logins over random keys go on. Logins run in back-to-back windows
 * from the start; the sweep's span comes from the server's own log line (when it ended, how long
 * it took), so windows before it, during it and after it are told apart. Then what the file did:
 * its size before and after, and whether the freed pages are reused by new sessions.
 */

const WINDOW_SECONDS = 2;
/** The sweep begins this long after the server starts (LATCHKEY_MAINTENANCE_INTERVAL_SECONDS). */
const SWEEP_AFTER_SECONDS = 30;
const DEADLINE_SECONDS = Number(process.env.SCALE_SWEEP_DEADLINE ?? 900);
/** Logins (each a new session) after the sweep, on a restarted server. */
const REFILL_SECONDS = 10;

interface Window {
  from: number;
  to: number;
  requestsPerSecond: number;
  p99: number;
  failed: number;
}

interface Phase {
  windows: number;
  requestsPerSecond: number;
  /** Median of the windows' p99, and the worst window's. */
  p99Median: number;
  p99Worst: number;
}

interface FileState {
  bytes: number;
  walBytes: number;
  freePages: number;
  pageSize: number;
}

export interface SweepResult {
  sessions: number;
  removed: number;
  sweepSeconds: number;
  finished: boolean;
  before: Phase;
  during: Phase;
  after: Phase | null;
  failed: number;
  fileBefore: FileState;
  fileAfterSweep: FileState;
  fileAfterLogins: FileState;
  loginsAfter: number;
}

async function fileState(dbPath: string): Promise<FileState> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return {
      bytes: (await stat(dbPath)).size,
      walBytes: (await stat(`${dbPath}-wal`).catch(() => ({ size: 0 }))).size,
      freePages: Number(db.pragma('freelist_count', { simple: true })),
      pageSize: Number(db.pragma('page_size', { simple: true })),
    };
  } finally {
    db.close();
  }
}

function phase(windows: Window[]): Phase {
  const p99s = windows.map((w) => w.p99).sort((a, b) => a - b);
  return {
    windows: windows.length,
    requestsPerSecond: windows.reduce((sum, w) => sum + w.requestsPerSecond, 0) / Math.max(1, windows.length),
    p99Median: p99s[Math.floor(p99s.length / 2)] ?? 0,
    p99Worst: p99s.at(-1) ?? 0,
  };
}

/** The server's "background maintenance done" line: when the sweep ended, how long it took, what it removed. */
function sweepDone(served: Served): { end: number; ms: number; removed: number } | null {
  for (const line of served.output().split('\n')) {
    if (!line.includes('background maintenance done')) continue;
    const entry = JSON.parse(line) as { time: string; ms: number; removed: { expiredSessions: number } };
    return { end: Date.parse(entry.time), ms: entry.ms, removed: entry.removed.expiredSessions };
  }
  return null;
}

export async function measureSweep(options: {
  env: Record<string, string>;
  dbPath: string;
  keys: KeySet;
  connections: number;
}): Promise<SweepResult> {
  const fileBefore = await fileState(options.dbPath);
  const served = await startLatchkeyProcess({
    ...options.env,
    LATCHKEY_LOG_LEVEL: 'info',
    LATCHKEY_LOG_FORMAT: 'json',
    LATCHKEY_MAINTENANCE_INTERVAL_SECONDS: String(SWEEP_AFTER_SECONDS),
  });
  const pid = served.child.pid!;
  const spec = {
    url: served.url,
    method: 'POST',
    path: DEMO_KEY_LOGIN,
    randomKeys: options.keys,
    connections: options.connections,
  } as const;
  const windows: Window[] = [];
  let done: ReturnType<typeof sweepDone> = null;
  try {
    await measure({ ...spec, seconds: 1 }, pid); // warm-up
    const deadline = Date.now() + DEADLINE_SECONDS * 1000;
    // Windows until the sweep has ended and three more, or the deadline.
    for (let after = 0; after < 3 && Date.now() < deadline;) {
      const from = Date.now();
      const result = await measure({ ...spec, seconds: WINDOW_SECONDS }, pid);
      windows.push({ from, to: Date.now(), requestsPerSecond: result.requestsPerSecond, p99: result.p99, failed: result.failed });
      done ??= sweepDone(served);
      if (done) after++;
    }
  } finally {
    await served.stop();
  }
  const fileAfterSweep = await fileState(options.dbPath);
  // New sessions after the sweep: do they take the freed pages, or grow the file?
  const again = await startLatchkeyProcess(options.env);
  const loginsAfter = (await measure({ ...spec, url: again.url, seconds: REFILL_SECONDS }, again.child.pid!).finally(() => again.stop()))
    .ok;
  const start = done ? done.end - done.ms : Infinity;
  const end = done?.end ?? Infinity;
  const before = windows.filter((w) => w.to <= start);
  const during = windows.filter((w) => w.to > start && w.from < end);
  const after = windows.filter((w) => w.from >= end);
  return {
    sessions: options.keys.count,
    removed: done?.removed ?? 0,
    sweepSeconds: done ? done.ms / 1000 : DEADLINE_SECONDS,
    finished: done !== null,
    before: phase(before),
    during: phase(during),
    after: after.length ? phase(after) : null,
    failed: windows.reduce((sum, w) => sum + w.failed, 0),
    fileBefore,
    fileAfterSweep,
    fileAfterLogins: await fileState(options.dbPath),
    loginsAfter,
  };
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const free = (state: FileState) => `${mib(state.freePages * state.pageSize)} free (${state.freePages.toLocaleString('en')} pages)`;

export function renderSweep(sweep: SweepResult): string[] {
  const row = (name: string, p: Phase | null) =>
    p
      ? `| ${name} | ${p.windows} | ${Math.round(p.requestsPerSecond).toLocaleString('en')} | ${p.p99Median} | ${p.p99Worst} |`
      : `| ${name} | 0 | – | – | – |`;
  return [
    `## The expired-session sweep (${sweep.sessions.toLocaleString('en')} sessions, 90% expired)`,
    '',
    `The server started with \`LATCHKEY_MAINTENANCE_INTERVAL_SECONDS=${SWEEP_AFTER_SECONDS}\`; API-key logins over random keys ran in back-to-back ${WINDOW_SECONDS}-s windows throughout. ` +
      (sweep.finished
        ? `The sweep removed ${sweep.removed.toLocaleString('en')} sessions in ${sweep.sweepSeconds.toFixed(1)} s (batches of 500, the sweep resting after each as long as it took).`
        : `The sweep had not finished after ${sweep.sweepSeconds} s (the deadline).`),
    '',
    '| logins | windows | req/s | p99 ms (median of windows) | p99 ms (worst window) |',
    '|---|---:|---:|---:|---:|',
    row('before the sweep', sweep.before),
    row('during the sweep', sweep.during),
    row('after the sweep', sweep.after),
    '',
    `p99 during the sweep against before it: ${(sweep.during.p99Median / Math.max(1, sweep.before.p99Median)).toFixed(2)}× (medians of windows), ${(sweep.during.p99Worst / Math.max(1, sweep.before.p99Worst)).toFixed(2)}× (worst windows). Failed answers: ${sweep.failed}.`,
    '',
    `The file: ${mib(sweep.fileBefore.bytes)} before (${free(sweep.fileBefore)}); after the sweep ${mib(sweep.fileAfterSweep.bytes)} (${free(sweep.fileAfterSweep)}, WAL ${mib(sweep.fileAfterSweep.walBytes)}); ` +
      `after ${sweep.loginsAfter.toLocaleString('en')} more logins (each a new session) ${mib(sweep.fileAfterLogins.bytes)} (${free(sweep.fileAfterLogins)}).`,
    '',
  ];
}
