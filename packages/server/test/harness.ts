import { expect } from 'vitest';
import { request as httpRequest } from 'node:http';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { ErrorAnswer } from '@latchkey/protocol';
import * as Realm from 'realm-web';
import { parseConfig } from '../src/config.js';
import type { PasswordHasher } from '../src/crypto/password.js';
import { CHEAP_PASSWORDS } from './cheap-passwords.js';
import type { Clock } from '../src/model/clock.js';
import { startLatchkey, type RunningLatchkey } from '../src/latchkey.js';
import { TEST_STORE, createTestSchema, dumpSchema, type TestSchema } from '../src/store/postgres/test-database.js';

export const ADMIN_TOKEN = 'lka_Qus4iRjWjVfMcKiWDCV7xXrEyQ3GNVJRLjpFYSkbpeD';

/**
 * What an answer's body is when a test names no type: a JSON object whose fields are unknown
 * until the test says what it expects (a protocol type, or an ErrorAnswer for a refusal).
 */
export type Answer = { [field: string]: unknown };

export interface ApiResponse<T = Answer> {
  status: number;
  headers: Headers;
  /** The answer as the test expects it, or a refusal's `{error, error_code}`: a test reads either. */
  body: T & Partial<ErrorAnswer>;
  text: string;
}

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestServer {
  url: string;
  dataDir: string;
  /** Set when the run targets PostgreSQL: the server's own schema. */
  database: TestSchema | null;
  latchkey: RunningLatchkey;
  /** Everything the server logged, for tests that check what must never be logged. */
  logs: string[];
  request<T = Answer>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  admin<T = Answer>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>;
  /** A fresh app with its own client app id, so tests never share users. */
  createApp(settings?: Record<string, unknown>): Promise<string>;
  realmApp(clientAppId: string): Realm.App;
  /** Every byte the store holds, as text: the SQLite files in the data directory, or the PostgreSQL schema's rows. */
  storedContents(): Promise<string[]>;
  close(options?: { keepData?: boolean }): Promise<void>;
}

let appCounter = 0;

/** Starts the real server on a random loopback port with its own temporary data directory. */
export async function startTestServer(
  options: {
    dataDir?: string;
    clock?: Clock;
    passwordRateLimit?: number;
    env?: Record<string, string>;
    passwords?: PasswordHasher;
    /** The run's store unless named (a move between stores needs both). */
    store?: 'sqlite' | 'postgres';
  } = {},
): Promise<TestServer> {
  // Test files share a worker's modules (isolate: false): a store chosen by another project's env would be a silent lie.
  if ((process.env.LATCHKEY_TEST_STORE ?? 'sqlite') !== TEST_STORE) throw new Error(`this worker was set up for ${TEST_STORE}`);
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'latchkey-test-')));
  const database = (options.store ?? TEST_STORE) === 'postgres' ? await createTestSchema() : null;
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LATCHKEY_DATA_DIR: dataDir,
    LATCHKEY_ADMIN_TOKEN: ADMIN_TOKEN,
    LATCHKEY_LOG_LEVEL: 'debug',
    LATCHKEY_PASSWORD_RATE_LIMIT: String(options.passwordRateLimit ?? 0),
    LATCHKEY_ANONYMOUS_RATE_LIMIT: '0',
    DATABASE_URL: database?.url,
    ...options.env,
  });
  const latchkey = await startLatchkey(config, {
    logStream,
    passwords: options.passwords ?? CHEAP_PASSWORDS,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const url = latchkey.url;

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(url + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = undefined;
    if (response.headers.get('content-type')?.startsWith('application/json')) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T & Partial<ErrorAnswer>, text };
  }

  const admin = <T>(method: string, path: string, body?: unknown) =>
    request<T>(method, `/api/admin/v1${path}`, { token: ADMIN_TOKEN, body });

  return {
    url,
    dataDir,
    database,
    latchkey,
    logs,
    request,
    admin,
    async createApp(settings) {
      const clientAppId = `app-${process.pid}-${Date.now().toString(36)}-${++appCounter}`;
      const created = await admin('POST', '/apps', { client_app_id: clientAppId, ...(settings ? { settings } : {}) });
      if (created.status !== 201) throw new Error(`could not create app: ${created.text}`);
      return clientAppId;
    },
    realmApp: (clientAppId) => new Realm.App({ id: clientAppId, baseUrl: url }),
    async storedContents() {
      if (database) return [await dumpSchema(database.schema)];
      const files = await readdir(dataDir);
      return Promise.all(files.map((file) => readFile(join(dataDir, file), 'latin1')));
    },
    async close({ keepData = false } = {}) {
      await latchkey.close();
      if (!keepData) {
        await rm(dataDir, { recursive: true, force: true });
        await database?.drop();
      }
    },
  };
}

export const CLIENT = '/api/client/v2.0';

/** A key's wire fields before anything used, limited or rotated it. */
export const UNUSED_KEY_FIELDS = {
  created_at: expect.any(String),
  last_used_at: null,
  expires_at: null,
  scopes: [],
  previous_secret_valid_until: null,
};

/**
 * One request sent from a chosen loopback source address (127.x.y.z): many clients, each with
 * its own address, as the server sees them without trusting any forwarded header.
 */
export function requestFrom<T = Answer>(
  sourceAddress: string,
  url: string,
  method: string,
  path: string,
  opts: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const body = opts.body !== undefined ? JSON.stringify(opts.body) : opts.rawBody;
  if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url + path, { method, headers, localAddress: sourceAddress, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const answerHeaders = new Headers();
        for (let i = 0; i < response.rawHeaders.length; i += 2) answerHeaders.append(response.rawHeaders[i]!, response.rawHeaders[i + 1]!);
        const json = answerHeaders.get('content-type')?.startsWith('application/json');
        resolve({
          status: response.statusCode ?? 0,
          headers: answerHeaders,
          body: (json && text ? JSON.parse(text) : undefined) as T & Partial<ErrorAnswer>,
          text,
        });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Registers and logs in an email/password user over raw HTTP; returns the login answer. */
export async function signUp(
  server: TestServer,
  clientAppId: string,
  email = `user-${++appCounter}@example.com`,
  password = 'correct horse battery',
) {
  const registered = await server.request('POST', `${CLIENT}/app/${clientAppId}/auth/providers/local-userpass/register`, {
    body: { email, password },
  });
  if (registered.status !== 201) throw new Error(`register failed: ${registered.text}`);
  const login = await server.request<{ access_token: string; refresh_token: string; user_id: string; device_id: string }>(
    'POST',
    `${CLIENT}/app/${clientAppId}/auth/providers/local-userpass/login`,
    { body: { username: email, password } },
  );
  if (login.status !== 200) throw new Error(`login failed: ${login.text}`);
  return { email, password, ...login.body };
}

/** The refusal a realm-web call ends in (failing the test if it succeeds or throws anything else). */
export async function realmRefusal(promise: Promise<unknown>): Promise<Realm.MongoDBRealmError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof Realm.MongoDBRealmError)) throw new Error(`expected a MongoDBRealmError, got ${String(error)}`);
  return error;
}
