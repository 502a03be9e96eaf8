import { AppIdParams, Location } from '@latchkey/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorResponses, describeRoute } from './schemas.js';

/** Where the app is served: the clients send every later request to `hostname`. */
export function locationRoute(server: FastifyInstance, publicUrl: () => string): void {
  server.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/client/v2.0/app/:appId/location',
    {
      schema: {
        ...describeRoute('client', 'Where the app is served: hostname is the base URL clients must use'),
        params: AppIdParams,
        response: { 200: Location, ...ErrorResponses },
      },
    },
    // The app itself is found by the :appId pre-handler (AppNotFound for an unknown one).
    async () => {
      const hostname = publicUrl();
      return { deployment_model: 'GLOBAL', location: 'local', hostname, ws_hostname: hostname.replace(/^http/, 'ws') };
    },
  );
}
