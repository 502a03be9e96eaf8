const FASTIFY_JSON = 'application/json; charset=utf-8';
/**
 * Every JSON answer says exactly `application/json`. realm-core (the native SDKs) reads
 * `error_code` only when the header is exactly that (app_utils.cpp, check_for_errors), and
 * Fastify always appends `; charset=utf-8`. JSON is UTF-8 by definition (RFC 8259), so the
 * parameter says nothing; realm-web and @latchkey/client match on the prefix either way.
 */
export function installExactJsonContentType(app) {
    app.addHook('onSend', async (_request, reply, payload) => {
        if (reply.getHeader('content-type') === FASTIFY_JSON)
            reply.header('content-type', 'application/json');
        return payload;
    });
}
//# sourceMappingURL=content-type.js.map