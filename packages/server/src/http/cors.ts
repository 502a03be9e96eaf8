import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDirectory } from '../cache/app-directory.js';

const APP_PATH = /^\/api\/client\/v2\.0\/app\/([^/?#]+)/;

/**
 * The client app id a client URL names, read from the path itself: preflights (OPTIONS) and
 * unmatched routes have no route parameters to read it from.
 */
function clientAppIdOf(request: FastifyRequest): string | undefined {
  const fromRoute = (request.params as { appId?: unknown } | undefined)?.appId;
  if (typeof fromRoute === 'string') return fromRoute;
  const fromPath = APP_PATH.exec(request.url)?.[1];
  try {
    return fromPath === undefined ? undefined : decodeURIComponent(fromPath);
  } catch {
    return undefined;
  }
}

/**
 * Per-app allowed browser origins, read from the in-memory app directory. Client URLs under
 * /app/{id} answer with that app's policy, preflights included (an unknown app allows
 * nothing); the /auth routes carry no app in the path, so they use the app of the
 * authenticated session, and before authentication (their preflights, refusals) any app's
 * origins: a browser then still withholds the answer unless the session's app allows it.
 */
export function corsAllows(apps: AppDirectory, origin: string, request: FastifyRequest): boolean {
  const clientAppId = clientAppIdOf(request);
  const allows = (origins: readonly string[] | undefined) => origins !== undefined && (origins.includes('*') || origins.includes(origin));
  if (clientAppId !== undefined) return allows(apps.cachedByClientAppId(clientAppId)?.settings.corsOrigins);
  if (request.auth) return allows(apps.cachedById(request.auth.session.appId)?.settings.corsOrigins);
  for (const app of apps.cachedApps()) if (allows(app.settings.corsOrigins)) return true;
  return false;
}

const ALLOWED_METHODS = 'GET, POST, PUT, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'Authorization, Content-Type, Accept';

function setAllowOrigin(reply: FastifyReply, origin: string): void {
  reply.header('access-control-allow-origin', origin);
  reply.header('vary', 'Origin');
}

/** CORS for the client API: preflights answered here, and allow-origin set on every answer. */
export function installCors(app: FastifyInstance, apps: AppDirectory): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const origin = request.headers.origin;
    if (origin && request.method !== 'OPTIONS' && request.url.startsWith('/api/client/') && corsAllows(apps, origin, request)) {
      setAllowOrigin(reply, origin);
    }
    return payload;
  });
  app.options('/api/client/*', { schema: { hide: true } }, async (request, reply) => {
    const origin = request.headers.origin;
    if (origin && corsAllows(apps, origin, request)) {
      setAllowOrigin(reply, origin);
      reply.header('access-control-allow-methods', ALLOWED_METHODS);
      reply.header('access-control-allow-headers', ALLOWED_HEADERS);
      reply.header('access-control-max-age', '600');
    }
    return reply.code(204).send();
  });
}
