import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import type { Config } from './config.js';
import { createAccessTokenCodec } from './crypto/access-tokens.js';
import { AppDirectory } from './domain/app-directory.js';
import { createApp } from './domain/apps.js';
import { ReadCaches } from './domain/read-caches.js';
import { systemClock, type Clock } from './domain/clock.js';
import type { Deps } from './domain/deps.js';
import { LatchkeyError } from './domain/errors.js';
import { runMaintenance, type MaintenanceResult } from './domain/maintenance.js';
import { loadOrCreateAdminToken, loadOrCreateSigningKeys } from './domain/server-secrets.js';
import { buildHttpServer } from './http/server.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';
import type { Store } from './store/store.js';

export const DEMO_APP_ID = 'demo';
const MAINTENANCE_MS = 10 * 60 * 1000;
const SHUTDOWN_DEADLINE_MS = 10_000;

export interface RunningLatchkey {
  /** The base URL clients use (`location` answers it as `hostname`): LATCHKEY_PUBLIC_URL when set. */
  url: string;
  /** Where this process listens, which differs from `url` behind a proxy. */
  listenUrl: string;
  server: FastifyInstance;
  store: Store;
  /** The admin token, only on the start that generated it. */
  generatedAdminToken: string | null;
  /** The demo app was created on this start. */
  createdDemoApp: boolean;
  /** Runs the background maintenance now (it also runs every 10 minutes). */
  maintenance(): Promise<MaintenanceResult>;
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  /** Where pino writes; defaults to stdout. */
  logStream?: NodeJS.WritableStream;
}

function formatUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Stops accepting, lets requests in flight finish, then closes. Node closes keep-alive
 * connections that are idle when close() is called, but not ones that become idle after
 * their last response, so those are swept until the server is done; a hard deadline ends
 * anything still hanging.
 */
async function closeGracefully(server: FastifyInstance): Promise<void> {
  const sweepIdle = setInterval(() => server.server.closeIdleConnections(), 50);
  const deadline = setTimeout(() => server.server.closeAllConnections(), SHUTDOWN_DEADLINE_MS);
  try {
    await server.close();
  } finally {
    clearInterval(sweepIdle);
    clearTimeout(deadline);
  }
}

/** Nodes starting together on an empty database race here; exactly one creates the app. */
async function ensureDemoApp(deps: Deps): Promise<boolean> {
  if ((await deps.store.listApps()).length > 0) return false;
  try {
    await createApp(deps, { clientAppId: DEMO_APP_ID, name: 'Demo app' });
    return true;
  } catch (error) {
    if (error instanceof LatchkeyError && error.code === 'AppAlreadyExists') return false;
    throw error;
  }
}

/** PostgreSQL when DATABASE_URL is set, otherwise SQLite in the data directory. */
async function openStore(config: Config, onBackgroundError: (error: Error) => void, onChangeFeedLive: (live: boolean) => void): Promise<Store> {
  if (config.databaseUrl) {
    // Loaded only when used, so an embedded deployment does not carry the pg driver in memory.
    const { PostgresStore } = await import('./store/postgres/postgres-store.js');
    return PostgresStore.connect(config.databaseUrl, { onBackgroundError, onChangeFeedLive });
  }
  return SqliteStore.open(join(config.dataDir, 'latchkey.db'));
}

/** Opens the store, loads or creates keys and the demo app, and listens. */
export async function startLatchkey(config: Config, options: StartOptions = {}): Promise<RunningLatchkey> {
  let log: ((error: Error) => void) | undefined;
  let logFeed: ((live: boolean) => void) | undefined;
  const store = await openStore(config, (error) => log?.(error), (live) => logFeed?.(live));
  try {
    const clock = options.clock ?? systemClock;
    const signingKeys = await loadOrCreateSigningKeys(store, clock.now());
    const adminToken = await loadOrCreateAdminToken(store, config.adminToken);
    let url = config.publicUrl ?? formatUrl(config.host, config.port);
    const apps = await AppDirectory.load(store, (error) => log?.(error as Error));
    const caches = new ReadCaches(store, clock);
    const deps: Deps = { store, clock, apps, caches, tokens: createAccessTokenCodec(signingKeys, 'latchkey') };
    const createdDemoApp = await ensureDemoApp(deps);
    const server = await buildHttpServer({
      deps,
      signingKeys,
      adminTokenHash: adminToken.hash,
      publicUrl: () => url,
      logRequests: config.logLevel === 'debug' || config.logLevel === 'trace',
      limits: {
        passwordRateLimit: config.passwordRateLimit,
        anonymousRateLimit: config.anonymousRateLimit,
        requestTimeoutSeconds: config.requestTimeoutSeconds,
        maxConnections: config.maxConnections,
      },
      trustProxy: config.trustProxy,
      logger: {
        level: config.logLevel,
        redact: ['req.headers.authorization'],
        ...(options.logStream ? { stream: options.logStream } : {}),
      },
    });
    log = (error) => server.log.warn({ err: error.message }, 'database trouble in the background (lost connection or reload); recovering by itself');
    logFeed = (live) =>
      server.log.warn(live ? 'change feed live again: caches resynced' : 'change feed down: caches are bypassed until it reconnects');
    await server.listen({ port: config.port, host: config.host });
    const address = server.server.address();
    const listenUrl = address && typeof address === 'object' ? formatUrl(config.host, address.port) : formatUrl(config.host, config.port);
    if (!config.publicUrl) url = listenUrl;
    const sweep = setInterval(() => {
      runMaintenance(deps).catch((error: unknown) => server.log.error({ err: error }, 'background maintenance failed'));
    }, MAINTENANCE_MS);
    sweep.unref();
    return {
      url, listenUrl, server, store, createdDemoApp,
      generatedAdminToken: adminToken.generated,
      maintenance: () => runMaintenance(deps),
      async close() {
        clearInterval(sweep);
        await closeGracefully(server);
        apps.close();
        caches.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
