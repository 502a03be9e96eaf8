import { describeProblems, type ProblemSource, type SchemaNode, type SchemaProblem } from '@latchkey/protocol/problems';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, isLatchkeyError, type ErrorCode } from '../model/errors.js';

export function sendError(reply: FastifyReply, code: ErrorCode, message: string = ERROR_CODES[code].message): FastifyReply {
  return reply.code(ERROR_CODES[code].status).type('application/json').send({ error: message, error_code: code });
}

/** Fastify's own refusals (body parsing, limits), mapped onto our codes with our wording. */
const FASTIFY_CODES: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['PayloadTooLarge', 'request body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['UnsupportedMediaType', 'request body must be application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['BadRequest', 'content-length does not match the body'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['BadRequest', 'request body is empty'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['BadRequest', 'request body is not valid JSON'],
};

const SOURCES: Record<string, ProblemSource> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/** A request the route's schema refused, said in the field's wire name with what it accepts. */
function validationError(error: FastifyError, request: FastifyRequest): [ErrorCode, string] {
  const problems = (error.validation ?? []) as unknown as SchemaProblem[];
  const missing = problems.some((issue) => issue.keyword === 'required');
  const context = error.validationContext ?? 'body';
  const schema = (request.routeOptions.schema as Record<string, SchemaNode | undefined> | undefined)?.[context] ?? {};
  return [missing ? 'MissingParameter' : 'InvalidParameter', describeProblems(problems, schema, SOURCES[context] ?? 'body')];
}

/**
 * The one place errors become responses: coded refusals answer with their code and status,
 * client mistakes Fastify catches become 4xx with a code, and anything else is a bug or an
 * infrastructure fault: logged, and answered with a plain 500 that reveals nothing.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isLatchkeyError(error)) {
      if (error.warning) request.log.warn(error.warning);
      // A refusal because the limits cannot be counted (Redis down) says when to retry, as an exceeded limit does.
      if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
      else if (error.code === 'TooManyRequests' && !reply.hasHeader('retry-after')) reply.header('retry-after', '5');
      return sendError(reply, error.code, error.message);
    }
    if (error.validation) return sendError(reply, ...validationError(error, request));
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known) return sendError(reply, ...known);
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
export function refuseWhileClosing(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (closing) return sendError(reply.header('connection', 'close'), 'ServiceUnavailable', 'the server is shutting down; retry shortly');
  });
}
