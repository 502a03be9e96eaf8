import { SigningKeyRing } from './domain/signing-key-ring.js';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { systemClock } from './model/clock.js';
import { buildHttpServer } from './http/server.js';
import { createDeps } from './wiring.js';
import { PrometheusMetrics } from './metrics/prometheus-metrics.js';
import { openSqliteStore } from './store/sqlite/sqlite-driver.js';

/** Builds the server against a throwaway in-memory store, only to read its OpenAPI document. */
export async function generateOpenApiDocument(): Promise<unknown> {
  const store = openSqliteStore(':memory:');
  const signingKeys = await SigningKeyRing.load(store, systemClock);
  const logger = pino({ level: 'silent' });
  const server = await buildHttpServer({
    deps: await createDeps(store, systemClock, signingKeys, logger),
    adminTokenHash: Buffer.alloc(32),
    publicUrl: () => 'http://127.0.0.1:8080',
    logger,
    logRequests: false,
    limits: { passwordRateLimit: 20, revokeRateLimit: 30, anonymousRateLimit: 20, requestTimeoutSeconds: 30, maxConnections: 10_000 },
    trustProxy: false,
    metrics: { http: new PrometheusMetrics(), public: false },
  });
  await server.ready();
  const document = server.swagger();
  await server.close();
  await store.close();
  return document;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(JSON.stringify(await generateOpenApiDocument(), null, 2) + '\n');
}
