import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built `latchkey` entry point, run as a user runs it: a process configured by its environment. */
/** The `latchkey` binary; `serve` starts the server (as `npm start` does). */
export const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');

export interface LatchkeyNode {
  child: ChildProcess;
  url: string;
  /** What the process printed to stderr: the start banner (with a generated admin token), warnings. */
  banner(): string;
  /** What it printed to stdout: the log. */
  log(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

const running = new Set<ChildProcess>();

export function assertBuilt(): void {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first (npm test does)`);
}

/** Starts a node on a random port and resolves once it prints that it is ready. */
export async function startNode(env: Record<string, string>): Promise<LatchkeyNode> {
  const child = spawn(process.execPath, [MAIN, 'serve'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', LATCHKEY_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 15 s: ${out}${err}`)), 15_000);
    child.stderr.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(err);
      if (match?.[1] && err.includes('Ready.')) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((code) => reject(new Error(`exited with ${code}: ${out}${err}`)));
  });
  return {
    child,
    url,
    banner: () => err,
    log: () => out,
    stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** For afterAll: no node outlives its test file. */
export function killAllNodes(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** JSON over HTTP to a node, for tests that do not go through realm-web. */
export async function call(url: string, method: string, path: string, options: { token?: string; body?: unknown } = {}) {
  const response = await fetch(url + path, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text && response.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : undefined,
  };
}

/** Waits for a condition, polling, up to a deadline (never a fixed sleep that hopes). */
export async function until(condition: () => boolean | Promise<boolean>, what: string, deadlineMs = 15_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The `latchkey` binary run once as a user runs it, with a clean environment plus `env`. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
