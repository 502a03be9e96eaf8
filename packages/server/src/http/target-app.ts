import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { findAppOrFail } from '../domain/app-management.js';
import type { Deps } from '../domain/deps.js';
import type { App } from '../model/apps.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The app named by the route's `:appId`, found before the handler runs. */
    targetApp: App | null;
  }
}

/**
 * Every route with an `:appId` in its path gets one more pre-handler, last of its own (so a
 * route's authentication still answers first): it finds the app, or answers AppNotFound.
 * Handlers read it with targetAppOf(request). Registered before any route.
 */
export function resolveTargetApps(server: FastifyInstance, deps: Deps): void {
  server.decorateRequest('targetApp', null);
  const resolve: preHandlerAsyncHookHandler = async (request) => {
    request.targetApp = await findAppOrFail(deps, (request.params as { appId: string }).appId);
  };
  server.addHook('onRoute', (route) => {
    if (!route.url.includes(':appId')) return;
    const own = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    route.preHandler = [...own, resolve];
  });
}

export function targetAppOf(request: FastifyRequest): App {
  if (!request.targetApp) throw new Error(`${request.routeOptions.url ?? 'this route'} has no :appId`);
  return request.targetApp;
}
