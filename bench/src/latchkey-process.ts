import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { SERVER_MAIN, SERVER_NODE_FLAGS, serve, type Served } from './processes.js';
import { appInternalIdPostgres, appInternalIdSqlite, fillPostgres, fillSqlite } from './seed.js';

/** The demo app's API-key login, the route the login benchmarks drive. */
export const DEMO_KEY_LOGIN = '/api/client/v2.0/app/demo/auth/providers/api-key/login';

export const ADMIN_TOKEN = 'lka_sTDhClg3J4dZUegYmJPSUn6qcdJlE8tZZkJWX2eRLYF';

/** The environment every benchmarked Latchkey runs with: limits that would cap a load test off. */
export function latchkeyEnv(dataDir: string, databaseUrl: string | null): Record<string, string> {
  return {
    PORT: '0',
    LATCHKEY_DATA_DIR: dataDir,
    LATCHKEY_ADMIN_TOKEN: ADMIN_TOKEN,
    LATCHKEY_LOG_LEVEL: 'warn',
    LATCHKEY_PASSWORD_RATE_LIMIT: '0',
    LATCHKEY_REVOKE_RATE_LIMIT: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
}

/** Starts one Latchkey process (as `npm start` runs it) and waits until it is ready. */
export const startLatchkeyProcess = (env: Record<string, string>): Promise<Served> =>
  serve([process.execPath, ...SERVER_NODE_FLAGS, SERVER_MAIN, 'serve'], env, /listening on (http:\/\/\S+)[\s\S]*Ready\./);

export interface Target {
  url: string;
  pid: number;
  stop(): Promise<void>;
  fill(users: number, keysPerUser: number): Promise<void>;
}

/** A fresh PostgreSQL schema per server, dropped afterwards. */
export async function withSchema(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `lk_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: scoped.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

export async function startLatchkey(env: Record<string, string> = {}): Promise<Target> {
  const dataDir = await mkdtemp(join(tmpdir(), 'latchkey-bench-'));
  const schema = process.env.DATABASE_URL ? await withSchema(process.env.DATABASE_URL) : null;
  const start = () => startLatchkeyProcess({ ...latchkeyEnv(dataDir, schema?.url ?? null), ...env });
  let served: Served = await start();
  const dbPath = join(dataDir, 'latchkey.db');
  return {
    get url() {
      return served.url;
    },
    get pid() {
      return served.child.pid!;
    },
    async stop() {
      await served.stop();
      await rm(dataDir, { recursive: true, force: true });
      await schema?.drop();
    },
    async fill(users, keysPerUser) {
      if (schema) {
        await fillPostgres(schema.url, { appInternalId: await appInternalIdPostgres(schema.url, 'demo'), users, keysPerUser });
        return;
      }
      // The server holds its SQLite file exclusively: fill it while the server is stopped.
      await served.stop();
      fillSqlite(dbPath, { appInternalId: appInternalIdSqlite(dbPath, 'demo'), users, keysPerUser });
      served = await start();
    },
  };
}

export async function admin(url: string, method: string, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${url}/api/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A backend's session: a new server key of the demo app, logged in; answers its access token. */
export async function serverKeySession(url: string, name: string): Promise<string> {
  const { key } = (await admin(url, 'POST', '/apps/demo/api_keys', { name })) as { key: string };
  const response = await fetch(url + DEMO_KEY_LOGIN, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`server key login: ${response.status} ${text}`);
  return (JSON.parse(text) as { access_token: string }).access_token;
}
