import type { FastifyInstance } from 'fastify';
/**
 * Every JSON answer says exactly `application/json`. realm-core (the native SDKs) reads
 * `error_code` only when the header is exactly that (app_utils.cpp, check_for_errors), and
 * Fastify always appends `; charset=utf-8`. JSON is UTF-8 by definition (RFC 8259), so the
 * parameter says nothing; realm-web and @latchkey/client match on the prefix either way.
 */
export declare function installExactJsonContentType(app: FastifyInstance): void;
