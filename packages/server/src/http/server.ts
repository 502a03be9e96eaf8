import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { LatchkeyError } from '../model/errors.js';
import { adminRoutes } from './admin/index.js';
import { createAdminGuard } from './admin-guard.js';
import { apiKeyRoutes } from './api-keys.js';
import { decorateAuth } from './authenticate.js';
import { answerClientError, answerFrameworkError } from './client-errors.js';
import { installExactJsonContentType } from './content-type.js';
import { exceedsNestingDepth } from './json-depth.js';
import { installCors } from './cors.js';
import { healthRoutes } from './health.js';
import { installErrorHandling, refuseWhileClosing } from './errors.js';
import { jwksRoutes } from './jwks.js';
import { keyCheckRoutes } from './key-checks.js';
import type { HttpLimits } from './limits.js';
import { locationRoute } from './location.js';
import { installRequestMetrics, metricsRoute, type HttpMetrics } from './metrics.js';
import { loginRoutes } from './logins.js';
import { oauthRedirectRoutes } from './oauth-redirects.js';
import { notSupportedRoutes } from './not-supported.js';
import { installOpenApi } from './openapi.js';
import { profileRoutes } from './profile.js';
import { installRateLimit } from './rate-limit.js';
import type { RateLimitRedis } from './shared-limits.js';
import { DEFAULT_CONSOLE_DIR, consoleRoutes } from './console.js';
import { recordRoutes } from './route-table.js';
import { installRequestLog, redactQueryValues } from './request-log.js';
import { installRequestTracing, type RequestTracing } from './request-tracing.js';
import { schemaController } from './validation.js';
import { registrationRoutes } from './registration.js';
import { accountFlowRoutes } from './account-flows.js';
import { ErrorAnswer, MAX_CUSTOM_DATA_DEPTH } from '@latchkey/protocol';
import { resolveTargetApps } from './target-app.js';
import { sessionRoutes } from './session.js';

export interface HttpServerOptions {
  deps: Deps;
  adminTokenHash: Buffer;
  publicUrl: () => string;
  /** The process's one logger, created before the store so nothing it reports is lost. */
  logger: FastifyBaseLogger;
  /** Per-request access log lines (off by default: they cost throughput and say little). */
  logRequests: boolean;
  limits: HttpLimits;
  trustProxy: boolean | number | string;
  /** Prometheus metrics: every answer counted, and GET /metrics (absent when metrics are off). */
  metrics?: { http: HttpMetrics; public: boolean } | undefined;
  /** Rate-limit counters in Redis, shared by every node (absent: per node). */
  sharedLimits?: { client: RateLimitRedis; prefix: string } | undefined;
  /** OpenTelemetry: a span per request (absent: no hook at all). */
  tracing?: RequestTracing | undefined;
  /** The console's static build (default: packages/console/dist). */
  consoleDir?: string | undefined;
}

/** `LATCHKEY_TRUST_PROXY=2`: believe the last two X-Forwarded-For hops. */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

/** Requests are a few hundred bytes; anything near this is abuse. */
const BODY_LIMIT = 16 * 1024;
/** No body needs more: custom data, the deepest, is held to the same bound. */
const MAX_BODY_DEPTH = MAX_CUSTOM_DATA_DEPTH;
/** Node's default (16 KiB) is too small for an access token that carries 16 KiB of custom data. */
const MAX_HEADER_BYTES = 64 * 1024;

export async function buildHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const { deps } = options;
  const app = Fastify({
    loggerInstance: options.logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    http: {
      maxHeaderSize: MAX_HEADER_BYTES,
      // Node enforces requestTimeout only when headersTimeout is no longer than it.
      headersTimeout: Math.min(options.limits.requestTimeoutSeconds * 1000, 60_000),
      requestTimeout: options.limits.requestTimeoutSeconds * 1000,
      connectionsCheckingInterval: 1000,
    },
    trustProxy: typeof options.trustProxy === 'number' ? trustHops(options.trustProxy) : options.trustProxy,
    // Refusals while closing are ours (below), so they carry our JSON error shape.
    return503OnClosing: false,
    // Bodies strictly typed; query strings and path parameters read as text (see validation.ts).
    schemaController,
    // A client that trickles its request in (slowloris) is cut off with a 408; Node checks
    // every second rather than its default 30 s, so the limit holds within a second.
    requestTimeout: options.limits.requestTimeoutSeconds * 1000,
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
  });
  app.server.maxConnections = options.limits.maxConnections;
  recordRoutes(app);
  // JSON is the only body Latchkey reads: anything else (text/plain included) is a 415.
  app.removeAllContentTypeParsers();
  // Some clients send `Content-Type: application/json` with an empty body on body-less POSTs.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text === '') done(null, undefined);
    else if (exceedsNestingDepth(text, MAX_BODY_DEPTH))
      done(new LatchkeyError('InvalidParameter', `request body is nested deeper than ${MAX_BODY_DEPTH} levels`), undefined);
    else void parseJson(request, text, done);
  });
  if (options.tracing) installRequestTracing(app, options.tracing);
  if (options.logRequests) installRequestLog(app);
  if (options.metrics) installRequestMetrics(app, options.metrics.http);
  await installOpenApi(app);
  app.addSchema(ErrorAnswer);
  decorateAuth(app);
  resolveTargetApps(app, deps);
  installErrorHandling(app);
  refuseWhileClosing(app);
  installExactJsonContentType(app);
  installCors(app, deps.apps);
  healthRoutes(app, deps.store);
  const adminGuard = createAdminGuard(
    options.adminTokenHash,
    () => deps.clock.now(),
    (request) => {
      request.log.warn({ ip: request.ip, url: redactQueryValues(request.url) }, 'wrong admin token refused');
      options.metrics?.http.adminTokenRefused();
    },
  );
  if (options.metrics) metricsRoute(app, options.metrics.http, { public: options.metrics.public, guard: adminGuard });
  await installRateLimit(app, options.sharedLimits);
  locationRoute(app, options.publicUrl);
  registrationRoutes(app, deps, options.limits);
  accountFlowRoutes(app, deps, options.limits);
  loginRoutes(app, deps, options.limits);
  oauthRedirectRoutes(app, deps, options.publicUrl);
  profileRoutes(app, deps);
  sessionRoutes(app, deps);
  apiKeyRoutes(app, deps);
  keyCheckRoutes(app, deps, options.limits);
  jwksRoutes(app, () => deps.signingKeys.jwks());
  notSupportedRoutes(app);
  adminRoutes(app, deps, adminGuard);
  await consoleRoutes(app, options.consoleDir ?? DEFAULT_CONSOLE_DIR);
  return app;
}
