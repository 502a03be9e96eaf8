import { spawn } from 'node:child_process';
import { expect } from 'vitest';
import { ADMIN_TOKEN } from './harness.js';
import { MAIN } from './nodes.js';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the `latchkey` binary as a user runs it: a child process, configured by the environment
 * (the server and app a test chose), with its output and exit code.
 */
export function cliRunner(target: () => { url: string; app: string }) {
  function latchkey(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [MAIN, ...args], {
        env: {
          PATH: process.env.PATH ?? '',
          LATCHKEY_URL: target().url,
          LATCHKEY_ADMIN_TOKEN: ADMIN_TOKEN,
          LATCHKEY_APP: target().app,
          ...options.env,
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(options.input ?? '');
    });
  }

  /** A command that must succeed; its --json output parsed. */
  async function json<T = any>(...args: string[]): Promise<T> {
    const run = await latchkey([...args, '--json']);
    if (run.code !== 0) throw new Error(`latchkey ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
    return JSON.parse(run.stdout) as T;
  }

  /** A command that must fail: exit code 1, one line on stderr, nothing on stdout. */
  async function failure(args: string[], env?: Record<string, string>): Promise<string> {
    const run = await latchkey(args, env ? { env } : {});
    expect(run.code, `latchkey ${args.join(' ')}: ${run.stdout}${run.stderr}`).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    return run.stderr.trim();
  }

  return { latchkey, json, failure };
}
