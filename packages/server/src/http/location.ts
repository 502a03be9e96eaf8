import { AppIdParams, Location } from '@latchkey/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { findAppOrFail } from '../domain/app-management.js';
import type { Deps } from '../domain/deps.js';
import { ErrorResponses, describeRoute } from './schemas.js';

/** Where the app is served: the clients send every later request to `hostname`. */
export function locationRoute(server: FastifyInstance, deps: Deps, publicUrl: () => string): void {
  server.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/client/v2.0/app/:appId/location',
    {
      schema: {
        ...describeRoute('client', 'Where the app is served: hostname is the base URL clients must use'),
        params: AppIdParams,
        response: { 200: Location, ...ErrorResponses },
      },
    },
    async (request) => {
      await findAppOrFail(deps, request.params.appId);
      const hostname = publicUrl();
      return { deployment_model: 'GLOBAL', location: 'local', hostname, ws_hostname: hostname.replace(/^http/, 'ws') };
    },
  );
}
