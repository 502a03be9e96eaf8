import Type from 'typebox';
import { findAppOrFail } from '../domain/app-management.js';
import { AppIdParams, ErrorResponses, describeRoute } from './schemas.js';
const Location = Type.Object({
    deployment_model: Type.String(),
    location: Type.String(),
    hostname: Type.String(),
    ws_hostname: Type.String(),
});
/** Where the app is served: the clients send every later request to `hostname`. */
export function locationRoute(server, deps, publicUrl) {
    server.withTypeProvider().get('/api/client/v2.0/app/:appId/location', {
        schema: {
            ...describeRoute('client', 'Where the app is served: hostname is the base URL clients must use'),
            params: AppIdParams,
            response: { 200: Location, ...ErrorResponses },
        },
    }, async (request) => {
        await findAppOrFail(deps, request.params.appId);
        const hostname = publicUrl();
        return { deployment_model: 'GLOBAL', location: 'local', hostname, ws_hostname: hostname.replace(/^http/, 'ws') };
    });
}
//# sourceMappingURL=location.js.map