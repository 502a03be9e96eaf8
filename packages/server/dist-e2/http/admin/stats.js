import Type from 'typebox';
import { findAppOrFail } from '../../domain/app-management.js';
import { appStats } from '../../domain/app-stats.js';
import { MAX_STATS_HOURS } from '../../domain/stats.js';
import { AppIdParams, ErrorResponses, describeRoute } from '../schemas.js';
const Count = Type.Integer({ minimum: 0 });
const KeyCounts = Type.Object({ total: Count, active: { ...Count, description: 'Neither disabled nor expired' } });
const Stats = Type.Object({
    since: Type.String({ format: 'date-time', description: 'The start of the first hour counted' }),
    users: Type.Object({ total: Count, disabled: Count, server_users: Count }, { description: 'Normal users; server users apart' }),
    user_keys: KeyCounts,
    server_keys: KeyCounts,
    logins: Type.Array(Type.Object({
        hour: Type.String({ format: 'date-time', description: "The hour's start (UTC)" }),
        provider: Type.String(),
        outcome: Type.String({ enum: ['succeeded', 'failed'] }),
        count: Count,
    }), { description: 'Oldest first; hours without logins are absent. Counted from the audit log, so empty when the app keeps none' }),
});
/** An app at a glance: the console's dashboard. */
export function statsRoutes(scope, deps) {
    scope.withTypeProvider().get('/apps/:appId/stats', {
        schema: {
            ...describeRoute('admin', "The app's users and keys now, and its logins hour by hour by provider and outcome", 'adminToken'),
            params: AppIdParams,
            querystring: Type.Object({
                hours: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_STATS_HOURS, default: 24, description: 'Hours of logins, the current one included' })),
            }, { additionalProperties: false }),
            response: { 200: Stats, ...ErrorResponses },
        },
    }, async (request) => {
        const stats = await appStats(deps, await findAppOrFail(deps, request.params.appId), request.query.hours ?? 24);
        return {
            since: new Date(stats.since).toISOString(),
            users: { total: stats.users.total, disabled: stats.users.disabled, server_users: stats.users.serverUsers },
            user_keys: stats.userKeys,
            server_keys: stats.serverKeys,
            logins: stats.logins.map((login) => ({ ...login, hour: new Date(login.hour).toISOString() })),
        };
    });
}
//# sourceMappingURL=stats.js.map