import { ERROR_CODES, isLatchkeyError } from '../domain/errors.js';
import { PasswordHashingBusyError } from '../crypto/password.js';
import { StoreUnavailableError } from '../store/store.js';
export function sendError(reply, code, message = ERROR_CODES[code].message) {
    return reply.code(ERROR_CODES[code].status).type('application/json').send({ error: message, error_code: code });
}
/** Fastify's own refusals (body parsing, limits), mapped onto our codes with our wording. */
const FASTIFY_CODES = {
    FST_ERR_CTP_BODY_TOO_LARGE: ['PayloadTooLarge', 'request body is too large'],
    FST_ERR_CTP_INVALID_MEDIA_TYPE: ['UnsupportedMediaType', 'request body must be application/json'],
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['BadRequest', 'content-length does not match the body'],
    FST_ERR_CTP_EMPTY_JSON_BODY: ['BadRequest', 'request body is empty'],
    FST_ERR_CTP_INVALID_JSON_BODY: ['BadRequest', 'request body is not valid JSON'],
};
function validationError(error) {
    const missing = error.validation?.some((issue) => issue.keyword === 'required');
    return [missing ? 'MissingParameter' : 'InvalidParameter', error.message];
}
/**
 * The one place errors become responses: coded refusals answer with their code and status,
 * client mistakes Fastify catches become 4xx with a code, and anything else is a bug or an
 * infrastructure fault: logged, and answered with a plain 500 that reveals nothing.
 */
export function installErrorHandling(app) {
    app.setErrorHandler((error, request, reply) => {
        if (isLatchkeyError(error)) {
            // A refusal because the limits cannot be counted (Redis down) says when to retry, as an exceeded limit does.
            if (error.retryAfterSeconds !== undefined)
                reply.header('retry-after', String(error.retryAfterSeconds));
            else if (error.code === 'TooManyRequests' && !reply.hasHeader('retry-after'))
                reply.header('retry-after', '5');
            return sendError(reply, error.code, error.message);
        }
        if (error.validation)
            return sendError(reply, ...validationError(error));
        if (error instanceof PasswordHashingBusyError) {
            request.log.warn('password hashing queue full: refusing');
            return sendError(reply.header('retry-after', '1'), 'ServiceUnavailable', 'too many password checks in progress; retry shortly');
        }
        if (error instanceof StoreUnavailableError) {
            request.log.warn({ err: error.message }, 'database unreachable');
            return sendError(reply, 'ServiceUnavailable', 'the database is unreachable; retry shortly');
        }
        const known = error.code ? FASTIFY_CODES[error.code] : undefined;
        if (known)
            return sendError(reply, ...known);
        if (error instanceof SyntaxError || (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)) {
            return sendError(reply, 'BadRequest', 'malformed request');
        }
        request.log.error({ err: error }, 'unexpected error');
        return sendError(reply, 'InternalServerError');
    });
    // The URL is never echoed: an error body is no place for attacker-chosen text.
    app.setNotFoundHandler((_request, reply) => sendError(reply, 'NotFound', 'no such route (or method on it)'));
}
/** Requests that arrive after shutdown began get a coded 503 and a closed connection. */
export function refuseWhileClosing(app) {
    let closing = false;
    app.addHook('preClose', async () => {
        closing = true;
    });
    app.addHook('onRequest', async (_request, reply) => {
        if (closing)
            return sendError(reply.header('connection', 'close'), 'ServiceUnavailable', 'the server is shutting down; retry shortly');
    });
}
//# sourceMappingURL=errors.js.map