import Fastify, { LogController } from 'fastify';
import { adminRoutes } from './admin/index.js';
import { apiKeyRoutes } from './api-keys.js';
import { decorateAuth } from './authenticate.js';
import { answerClientError, answerFrameworkError } from './client-errors.js';
import { installExactJsonContentType } from './content-type.js';
import { installCors } from './cors.js';
import { healthRoute } from './health.js';
import { installErrorHandling, refuseWhileClosing } from './errors.js';
import { jwksRoutes } from './jwks.js';
import { keyCheckRoutes } from './key-checks.js';
import { locationRoute } from './location.js';
import { installRequestMetrics, metricsRoute } from './metrics.js';
import { loginRoutes } from './logins.js';
import { notSupportedRoutes } from './not-supported.js';
import { installOpenApi } from './openapi.js';
import { profileRoutes } from './profile.js';
import { installRateLimit } from './rate-limit.js';
import { DEFAULT_CONSOLE_DIR, consoleRoutes } from './console.js';
import { recordRoutes } from './route-table.js';
import { schemaController } from './validation.js';
import { registrationRoutes } from './registration.js';
import { accountFlowRoutes } from './account-flows.js';
import { ErrorBody } from './schemas.js';
import { sessionRoutes } from './session.js';
/** `LATCHKEY_TRUST_PROXY=2`: believe the last two X-Forwarded-For hops. */
function trustHops(hops) {
    return (_address, hop) => hop < hops;
}
/** Requests are a few hundred bytes; anything near this is abuse. */
const BODY_LIMIT = 16 * 1024;
/** Node's default (16 KiB) is too small for an access token that carries 16 KiB of custom data. */
const MAX_HEADER_BYTES = 64 * 1024;
export async function buildHttpServer(options) {
    const { deps } = options;
    const app = Fastify({
        loggerInstance: options.logger,
        logController: new LogController({ disableRequestLogging: !options.logRequests }),
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
        if (body === '')
            done(null, undefined);
        else
            void parseJson(request, body.toString(), done);
    });
    if (options.metrics)
        installRequestMetrics(app, options.metrics.http);
    await installOpenApi(app);
    app.addSchema(ErrorBody);
    decorateAuth(app);
    installErrorHandling(app);
    refuseWhileClosing(app);
    installExactJsonContentType(app);
    installCors(app, deps.apps);
    healthRoute(app);
    if (options.metrics)
        metricsRoute(app, options.metrics.http, { public: options.metrics.public, adminTokenHash: options.adminTokenHash });
    await installRateLimit(app, options.sharedLimits);
    locationRoute(app, deps, options.publicUrl);
    registrationRoutes(app, deps, options.limits);
    accountFlowRoutes(app, deps, options.limits);
    loginRoutes(app, deps, options.limits);
    profileRoutes(app, deps);
    sessionRoutes(app, deps);
    apiKeyRoutes(app, deps);
    keyCheckRoutes(app, deps, options.limits);
    jwksRoutes(app, () => deps.signingKeys.jwks());
    notSupportedRoutes(app);
    adminRoutes(app, deps, options.adminTokenHash);
    await consoleRoutes(app, options.consoleDir ?? DEFAULT_CONSOLE_DIR);
    return app;
}
//# sourceMappingURL=server.js.map