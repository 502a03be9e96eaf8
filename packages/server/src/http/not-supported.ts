import type { FastifyInstance } from 'fastify';
import { LatchkeyError } from '../model/errors.js';
import { ErrorResponses, describeRoute } from './schemas.js';

const APP = '/api/client/v2.0/app/:appId';

/**
 * App Services features outside Latchkey's scope (it is an authentication server), answered
 * with a coded 501 rather than a bare 404, so an app that still calls them learns why.
 * realm-core builds these paths in app.cpp (function_call_url_path, make_sync_route) and
 * push_client.cpp; realm-web's MongoDB client goes through functions/call too.
 */
const FEATURES: { path: string; feature: string }[] = [
  { path: `${APP}/functions/*`, feature: 'Atlas Functions and MongoDB data access' },
  { path: `${APP}/realm-sync`, feature: 'Device Sync' },
  { path: `${APP}/realm-sync/*`, feature: 'Device Sync' },
  { path: `${APP}/push/*`, feature: 'push notifications' },
  { path: `${APP}/graphql`, feature: 'GraphQL' },
];

export function notSupportedRoutes(app: FastifyInstance): void {
  for (const { path, feature } of FEATURES) {
    app.route({
      method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url: path,
      schema: { ...describeRoute('not supported', `${feature}: not part of Latchkey (501 NotSupported)`), response: ErrorResponses },
      handler: async () => {
        throw new LatchkeyError(
          'NotSupported',
          `${feature} is not part of Latchkey, which serves authentication only (users, sessions, API keys, custom user data)`,
        );
      },
    });
  }
}
