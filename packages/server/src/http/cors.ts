import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../domain/apps.js';

/**
 * Per-app allowed browser origins, held in memory and reloaded whenever an app changes.
 * Client routes under /app/{id} answer with that app's policy; the /auth routes carry no app
 * in the path, so they use the app of the authenticated session, and before authentication
 * (preflights, refusals) the union of all apps' origins.
 */
export class CorsPolicy {
  private byClientAppId = new Map<string, Set<string>>();
  private byAppId = new Map<string, Set<string>>();
  private union = new Set<string>();

  load(apps: App[]): void {
    this.byClientAppId = new Map(apps.map((app) => [app.clientAppId, new Set(app.settings.corsOrigins)]));
    this.byAppId = new Map(apps.map((app) => [app.id, new Set(app.settings.corsOrigins)]));
    this.union = new Set(apps.flatMap((app) => app.settings.corsOrigins));
  }

  allows(origin: string, request: FastifyRequest): boolean {
    const clientAppId = (request.params as { appId?: unknown } | undefined)?.appId;
    const origins =
      typeof clientAppId === 'string'
        ? this.byClientAppId.get(clientAppId)
        : request.auth
          ? this.byAppId.get(request.auth.session.appId)
          : this.union;
    return origins !== undefined && (origins.has('*') || origins.has(origin));
  }
}

const ALLOWED_METHODS = 'GET, POST, PUT, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'Authorization, Content-Type, Accept';

function setAllowOrigin(reply: FastifyReply, origin: string): void {
  reply.header('access-control-allow-origin', origin);
  reply.header('vary', 'Origin');
}

/** CORS for the client API: preflights answered here, and allow-origin set on every answer. */
export function installCors(app: FastifyInstance, policy: CorsPolicy): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const origin = request.headers.origin;
    if (origin && request.method !== 'OPTIONS' && request.url.startsWith('/api/client/') && policy.allows(origin, request)) {
      setAllowOrigin(reply, origin);
    }
    return payload;
  });
  app.options('/api/client/*', { schema: { hide: true } }, async (request, reply) => {
    const origin = request.headers.origin;
    if (origin && policy.allows(origin, request)) {
      setAllowOrigin(reply, origin);
      reply.header('access-control-allow-methods', ALLOWED_METHODS);
      reply.header('access-control-allow-headers', ALLOWED_HEADERS);
      reply.header('access-control-max-age', '600');
    }
    return reply.code(204).send();
  });
}
