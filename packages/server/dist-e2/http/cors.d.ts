import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDirectory } from '../domain/app-directory.js';
/**
 * Per-app allowed browser origins, read from the in-memory app directory. Client URLs under
 * /app/{id} answer with that app's policy, preflights included (an unknown app allows
 * nothing); the /auth routes carry no app in the path, so they use the app of the
 * authenticated session, and before authentication (their preflights, refusals) any app's
 * origins: a browser then still withholds the answer unless the session's app allows it.
 */
export declare function corsAllows(apps: AppDirectory, origin: string, request: FastifyRequest): boolean;
/** CORS for the client API: preflights answered here, and allow-origin set on every answer. */
export declare function installCors(app: FastifyInstance, apps: AppDirectory): void;
