import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ConfigError, type Config } from './config.js';
import { newObjectId } from './crypto/ids.js';
import { createApp } from './domain/app-management.js';
import { SYSTEM } from './model/audit-events.js';
import { systemClock, type Clock } from './model/clock.js';
import { DisposeStack } from './dispose-stack.js';
import type { Deps } from './domain/deps.js';
import { NO_METRICS } from './model/metrics.js';
import { LatchkeyError } from './model/errors.js';
import { runMaintenance, type MaintenanceResult } from './domain/maintenance.js';
import { loadOrCreateAdminToken } from './domain/admin-token.js';
import { SigningKeyRing } from './domain/signing-key-ring.js';
import { createLogger } from './logging.js';
import { resealWebhookSecrets } from './domain/webhook-secrets.js';
import { resealSettingSecrets } from './domain/provider-secrets.js';
import { carryOutLeftRevocations } from './domain/key-management.js';
import { buildHttpServer } from './http/server.js';
import { PrometheusMetrics } from './metrics/prometheus-metrics.js';
import { timedStore } from './metrics/timed-store.js';
import { connectSharedLimits } from './http/shared-limits.js';
import { MailWorker } from './outbound/mail-worker.js';
import { openSqliteStore } from './store/sqlite/sqlite-driver.js';
import type { Store } from './store/store.js';
import { createDeps, openOutbound } from './wiring.js';
import type { PasswordHasher } from './crypto/password.js';
import { OTEL_PACKAGES, VERSION } from './version.js';
import type { startOtelTracing as StartOtelTracing } from './metrics/otel-tracing.js';

export const DEMO_APP_ID = 'demo';
const SHUTDOWN_DEADLINE_MS = 10_000;

/**
 * The background maintenance, said in the log when it removed anything (its figures say what a
 * sweep costs). A sweep still going when the next is due (millions of expired rows) is left to finish.
 */
function maintainInBackground(deps: Deps, log: Logger): () => Promise<void> {
  let running = false;
  return async () => {
    if (running) return;
    running = true;
    try {
      await maintainOnce(deps, log);
    } finally {
      running = false;
    }
  };
}

async function maintainOnce(deps: Deps, log: Logger): Promise<void> {
  const started = performance.now();
  try {
    const removed = await runMaintenance(deps);
    const ms = Math.round(performance.now() - started);
    if (Object.values(removed).some((count) => count > 0)) log.info({ removed, ms }, 'background maintenance done');
  } catch (error) {
    log.error({ err: error }, 'background maintenance failed');
  }
}

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
  /** Runs the background maintenance now (it also runs every LATCHKEY_MAINTENANCE_INTERVAL_SECONDS, 10 minutes by default). */
  maintenance(): Promise<MaintenanceResult>;
  /** Settles once the work requests started after answering (mail, webhooks, revocations) has finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  /** How passwords are hashed; argon2id at OWASP's parameters unless given (tests give cheap ones). */
  passwords?: PasswordHasher;
  /** Where the log goes; defaults to stdout. */
  logStream?: NodeJS.WritableStream;
}

function formatUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Redis failures are counted every time and logged at most every 10 s (a Redis that is down fails every command). */
function redisFailure(log: Logger, metrics: PrometheusMetrics | null): (error: Error) => void {
  let loggedAt = 0;
  return (error) => {
    metrics?.redisFailure();
    if (Date.now() - loggedAt < 10_000) return;
    loggedAt = Date.now();
    log.warn({ err: error.message }, 'Redis unreachable: rate-limited routes answer 429 until it returns');
  };
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

/**
 * The demo app is made once in a database's life, on its very first start: an operator who
 * deleted every app does not get it back. Nodes starting together on an empty database race
 * for the marker; exactly one makes the app.
 */
async function ensureDemoApp(deps: Deps): Promise<boolean> {
  const ours = newObjectId(deps.clock.now());
  if ((await deps.store.insertServerSecretIfAbsent('demo-app-offered', ours)) !== ours) return false;
  if ((await deps.store.listApps()).length > 0) return false;
  try {
    await createApp(deps, { clientAppId: DEMO_APP_ID, name: 'Demo app' }, SYSTEM);
    return true;
  } catch (error) {
    if (error instanceof LatchkeyError && error.code === 'AppAlreadyExists') return false;
    throw error;
  }
}

async function loadOtelTracing(): Promise<{ startOtelTracing: typeof StartOtelTracing }> {
  try {
    return await import('./metrics/otel-tracing.js');
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new ConfigError(
      `OTEL_EXPORTER_OTLP_ENDPOINT is set, but OpenTelemetry is not installed beside Latchkey (it is optional): npm install ${OTEL_PACKAGES.map((spec) => `'${spec}'`).join(' ')}, or unset OTEL_EXPORTER_OTLP_ENDPOINT`,
    );
  }
}

/** PostgreSQL when DATABASE_URL is set, otherwise SQLite in the data directory. */
async function openStore(config: Config, log: Logger): Promise<Store> {
  if (config.databaseUrl) {
    // Loaded only when used, so an embedded deployment does not carry the pg driver in memory.
    const { connectPostgresStore } = await import('./store/postgres/postgres-driver.js');
    return connectPostgresStore(config.databaseUrl, {
      onBackgroundError: (error) =>
        log.warn({ err: error.message }, 'database trouble in the background (lost connection or reload); recovering by itself'),
      onChangeFeedLive: (live) =>
        live ? log.info('change feed live again: caches resynced') : log.warn('change feed down: caches are bypassed until it reconnects'),
    });
  }
  return openSqliteStore(join(config.dataDir, 'latchkey.db'));
}

/** Prometheus metrics reading the store and the app directory when scraped. */
function watchedMetrics(metrics: PrometheusMetrics, deps: Deps): void {
  metrics.watch({
    appName: (appId) => deps.apps.cachedById(appId)?.clientAppId,
    liveSessions: () => deps.store.countLiveSessions(deps.clock.now()),
    mailQueueDepth: () => deps.store.countQueuedMail(),
    changeFeedLive: () => deps.store.changesAreLive(),
  });
}

/** Opens the store, loads or creates keys and the demo app, and listens. */
export async function startLatchkey(config: Config, options: StartOptions = {}): Promise<RunningLatchkey> {
  const log = createLogger({ level: config.logLevel, format: config.logFormat }, options.logStream);
  const resources = new DisposeStack();
  try {
    const store = await openStore(config, log);
    resources.defer(() => store.close());
    const clock = options.clock ?? systemClock;
    const metrics = config.metrics ? new PrometheusMetrics(() => clock.now()) : null;
    const signingKeys = await SigningKeyRing.load(store, clock, config.keyEncryption);
    resources.defer(() => signingKeys.close());
    const resealed = (await resealWebhookSecrets(store, config.keyEncryption)) + (await resealSettingSecrets(store, config.keyEncryption));
    if (resealed > 0) await store.scrubFreedSpace();
    const adminToken = await loadOrCreateAdminToken(store, config.adminToken);
    let url = config.publicUrl ?? formatUrl(config.host, config.port);
    let mailWorker: MailWorker | null = null;
    const outbound = openOutbound(config, () => mailWorker?.wake());
    resources.defer(() => outbound.mail?.close());
    // Loaded only when configured: without an endpoint no OpenTelemetry module is imported.
    const tracing = config.otlpEndpoint
      ? (await loadOtelTracing()).startOtelTracing({
          endpoint: config.otlpEndpoint,
          serviceName: config.serviceName,
          version: VERSION,
        })
      : null;
    resources.defer(() => tracing?.shutdown());
    const timed = metrics ? timedStore(store, (operation, seconds) => metrics.storeOperation(operation, seconds)) : store;
    const measured = tracing ? tracing.traceStore(timed) : timed;
    const deps = await createDeps(measured, clock, signingKeys, log, {
      outbound,
      metrics: metrics ?? NO_METRICS,
      secretKeys: config.keyEncryption,
      providerTimeoutMs: config.providerTimeoutSeconds * 1000,
      ...(options.passwords ? { passwords: options.passwords } : {}),
    });
    resources.defer(() => {
      deps.apps.close();
      deps.caches.close();
    });
    if (metrics) watchedMetrics(metrics, deps);
    deps.audit.start();
    resources.defer(() => deps.audit.stop());
    deps.activity.start();
    resources.defer(() => deps.activity.stop());
    if (outbound.mail) mailWorker = new MailWorker(deps, log);
    resources.defer(() => mailWorker?.stop());
    const sharedLimits = config.redisUrl ? connectSharedLimits(config.redisUrl, redisFailure(log, metrics)) : null;
    resources.defer(() => sharedLimits?.close());
    await sharedLimits?.ready;
    const createdDemoApp = await ensureDemoApp(deps);
    // Revocations answered before a crash, not yet carried out: before anything else is served.
    await carryOutLeftRevocations(deps, 0);
    const server = await buildHttpServer({
      deps,
      adminTokenHash: adminToken.hash,
      publicUrl: () => url,
      logger: log,
      logRequests: config.logLevel === 'debug' || config.logLevel === 'trace',
      limits: {
        passwordRateLimit: config.passwordRateLimit,
        anonymousRateLimit: config.anonymousRateLimit,
        revokeRateLimit: config.revokeRateLimit,
        requestTimeoutSeconds: config.requestTimeoutSeconds,
        maxConnections: config.maxConnections,
      },
      trustProxy: config.trustProxy,
      consoleDir: config.consoleDir,
      metrics: metrics ? { http: metrics, public: config.metricsPublic } : undefined,
      sharedLimits: sharedLimits ? { client: sharedLimits.client, prefix: config.redisPrefix } : undefined,
      tracing: tracing ?? undefined,
    });
    resources.defer(() => deps.background.idle());
    resources.defer(() => closeGracefully(server));
    await server.listen({ port: config.port, host: config.host });
    const address = server.server.address();
    const listenUrl = address && typeof address === 'object' ? formatUrl(config.host, address.port) : formatUrl(config.host, config.port);
    if (!config.publicUrl) url = listenUrl;
    mailWorker?.start();
    const maintain = maintainInBackground(deps, log);
    const sweep = setInterval(() => void maintain(), config.maintenanceIntervalSeconds * 1000);
    sweep.unref();
    resources.defer(() => clearInterval(sweep));
    return {
      url,
      listenUrl,
      server,
      store,
      createdDemoApp,
      generatedAdminToken: adminToken.generated,
      maintenance: () => runMaintenance(deps),
      idle: () => deps.background.idle(),
      close: () => resources.dispose(),
    };
  } catch (error) {
    await resources.dispose().catch((closing: unknown) => log.warn({ err: closing }, 'could not release everything after a failed start'));
    throw error;
  }
}
