import Type from 'typebox';
import { findAppOrFail } from '../../domain/app-management.js';
import { AppIdParams, ErrorResponses, ObjectId, describeRoute } from '../schemas.js';
import { AuditEventAnswer, AuditEventType, toAuditEventAnswer } from '../wire.js';
import { Paging } from './users.js';
const TAG = 'admin';
const Time = (description) => Type.Optional(Type.String({ format: 'date-time', description: `${description} (RFC 3339, e.g. 2026-11-23T10:00:00Z)` }));
const AuditFilters = Type.Object({
    ...Paging,
    type: Type.Optional(AuditEventType),
    user_id: Type.Optional(ObjectId),
    key_id: Type.Optional(ObjectId),
    since: Time('Events at or after this time'),
    until: Time('Events before this time'),
}, { additionalProperties: false });
/** The app's audit log, newest first. */
export function auditRoutes(scope, deps) {
    scope.withTypeProvider().get('/apps/:appId/audit', {
        schema: {
            ...describeRoute(TAG, "The app's audit log, newest first; page with `after` (the last `_id` seen). Events are written within a second of happening; this node's are written before it answers", 'adminToken'),
            params: AppIdParams,
            querystring: AuditFilters,
            response: { 200: Type.Array(AuditEventAnswer), ...ErrorResponses },
        },
    }, async (request) => {
        const target = await findAppOrFail(deps, request.params.appId);
        const { after, limit, type, user_id, key_id, since, until } = request.query;
        await deps.audit.flush();
        const events = await deps.store.listAuditEvents(target.id, {
            after,
            limit: limit ?? 50,
            type,
            userId: user_id,
            keyId: key_id,
            since: since === undefined ? undefined : Date.parse(since),
            until: until === undefined ? undefined : Date.parse(until),
        });
        return events.map(toAuditEventAnswer);
    });
}
//# sourceMappingURL=audit.js.map