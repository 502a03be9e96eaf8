import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/**
 * The real Latchkey server, started from its build as a user runs it. The SDK imports nothing
 * from the server; its tests talk to it over HTTP only.
 */
/** The `latchkey` binary; `serve` runs the server as `npm start` does. */
const SERVER_MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'server', 'dist', 'cli', 'main.js');
/** What Latchkey adds to a key nobody has used, limited or rotated yet (App Services' clients ignore it). */
export const UNUSED_KEY_FIELDS = {
  created_at: expect.any(String),
  last_used_at: null,
  expires_at: null,
  scopes: [],
  previous_secret_valid_until: null,
};

export const ADMIN_TOKEN = 'lka_DJ7FUdefYALMuo4o68JDF8BfNouTsNXn5RFge0Bt1p6';

export interface RunningServer {
  url: string;
  createApp(settings?: Record<string, unknown>): Promise<string>;
  /** A call to the admin API; answers the status. */
  admin(method: string, path: string, body?: unknown): Promise<number>;
  stop(): Promise<void>;
}

let apps = 0;

/** `env` adds to the server's environment (LATCHKEY_PUBLIC_URL, to route clients through a proxy). */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'latchkey-client-'));
  const child: ChildProcess = spawn(process.execPath, [SERVER_MAIN, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      LATCHKEY_DATA_DIR: dataDir,
      LATCHKEY_ADMIN_TOKEN: ADMIN_TOKEN,
      LATCHKEY_LOG_LEVEL: 'warn',
      LATCHKEY_PASSWORD_RATE_LIMIT: '0',
      LATCHKEY_ANONYMOUS_RATE_LIMIT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (out += chunk));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 15_000);
    child.stderr!.on('data', () => {
      const match = /listening on (http:\/\/\S+)[\s\S]*Ready\./.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(() => reject(new Error(`server exited: ${out}`)));
  });
  return {
    url,
    async createApp(settings) {
      const clientAppId = `sdk-${process.pid}-${++apps}`;
      const response = await fetch(`${url}/api/admin/v1/apps`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ client_app_id: clientAppId, ...(settings ? { settings } : {}) }),
      });
      if (response.status !== 201) throw new Error(`could not create app: ${await response.text()}`);
      return clientAppId;
    },
    async admin(method, path, body) {
      const response = await fetch(`${url}/api/admin/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      await response.arrayBuffer();
      return response.status;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
