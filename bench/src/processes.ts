import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { LoadResult, LoadSpec } from './load.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The `latchkey` binary, run as `latchkey serve` (what `npm start` runs). */
export const SERVER_MAIN = join(HERE, '..', '..', 'packages', 'server', 'dist', 'cli', 'main.js');
/** As `npm start` runs it (see the root package.json): young generation capped, measured to cut RSS by ~30 MiB at equal throughput. */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=4'];

export interface Served {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts a server process and waits until it prints `readyPattern` with its URL in group 1. */
export async function serve(command: string[], env: Record<string, string>, readyPattern: RegExp, cwd?: string): Promise<Served> {
  const [executable, ...args] = command as [string, ...string[]];
  const child = spawn(executable, args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cwd ? { cwd } : {}),
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (out += chunk));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command.join(' ')} did not start within 60 s:\n${out}`)), 60_000);
    // The ready line may come on either stream (Latchkey's banner is on stderr, its log on stdout).
    const check = () => {
      const match = readyPattern.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    void exited.then(() => reject(new Error(`${command.join(' ')} exited:\n${out}`)));
  });
  return {
    url,
    child,
    output: () => out,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resident set size of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

/** Runs one load in a separate process, sampling the server's RSS meanwhile; returns the peak. */
export async function measure(spec: LoadSpec, serverPid: number): Promise<LoadResult & { peakRssMiB: number }> {
  let peak = rssMiB(serverPid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(serverPid))), 100);
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [join(HERE, 'load.js'), JSON.stringify(spec)], {
      timeout: (spec.seconds + 30) * 1000,
      maxBuffer: 1 << 20,
    });
    return { ...(JSON.parse(stdout) as LoadResult), peakRssMiB: Math.max(peak, rssMiB(serverPid)) };
  } finally {
    clearInterval(sampler);
  }
}

/** A process's peak resident set (VmHWM) in MiB, from /proc (Linux); null once it has exited. */
export async function peakRssMiB(pid: number): Promise<number | null> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  const found = status && /VmHWM:\s+(\d+) kB/.exec(status);
  return found ? Number(found[1]) / 1024 : null;
}

/** Runs `latchkey` (the CLI) as an operator does, with --json: its exit code, output, wall time and peak RSS. */
export async function runCli(
  args: string[],
  adminToken: string,
): Promise<{ code: number | null; stdout: string; seconds: number; peakMiB: number }> {
  const started = performance.now();
  const cli = spawn(process.execPath, [SERVER_MAIN, '--json', ...args], {
    env: { PATH: process.env.PATH ?? '', LATCHKEY_ADMIN_TOKEN: adminToken },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  cli.stdout.on('data', (chunk: Buffer) => (stdout += String(chunk)));
  let peak = 0;
  const sampler = setInterval(() => void peakRssMiB(cli.pid!).then((mib) => (peak = Math.max(peak, mib ?? 0))), 200);
  const [code] = (await once(cli, 'close')) as [number | null];
  clearInterval(sampler);
  return { code, stdout, seconds: (performance.now() - started) / 1000, peakMiB: peak };
}
