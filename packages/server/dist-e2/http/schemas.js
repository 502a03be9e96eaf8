import Type, {} from 'typebox';
import { OBJECT_ID_PATTERN } from '../crypto/ids.js';
import { CLIENT_APP_ID_PATTERN } from '../domain/apps.js';
import { ERROR_CODES } from '../domain/errors.js';
const codes = Object.entries(ERROR_CODES)
    .map(([code, { status, message }]) => `- \`${code}\` (${status}): ${message}`)
    .join('\n');
export const ErrorBody = Type.Object({
    error: Type.String({ description: 'A human sentence; branch on error_code, never on this.' }),
    error_code: Type.String({ enum: Object.keys(ERROR_CODES), description: `One of:\n${codes}` }),
    link: Type.Optional(Type.String()),
}, { $id: 'ErrorBody', title: 'ErrorBody' });
const ErrorRef = Type.Unsafe({ $ref: 'ErrorBody#' });
/** Every route declares its error shape, so serialisation can never leak more than these fields. */
export const ErrorResponses = { '4xx': ErrorRef, '5xx': ErrorRef };
/** Summary, tag and authentication of a route, for the OpenAPI document. */
export function describeRoute(tag, summary, auth) {
    return { summary, tags: [tag], ...(auth ? { security: [{ [auth]: [] }] } : {}) };
}
export const ObjectId = Type.String({ pattern: OBJECT_ID_PATTERN });
/** The client app id in a path (`/app/{appId}/…`, `/apps/{appId}/…`), by the domain's own pattern. */
export const ClientAppId = Type.String({ pattern: CLIENT_APP_ID_PATTERN });
export const AppIdParams = Type.Object({ appId: ClientAppId });
/** 204 with no body and no content type: realm-web parses any JSON-typed answer, even an empty one. */
export function noContent(reply) {
    return reply.code(204).send();
}
//# sourceMappingURL=schemas.js.map