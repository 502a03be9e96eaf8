import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, type ErrorCode } from '../model/errors.js';

/**
 * Refusals that happen before a request reaches a route keep the JSON error contract too, and
 * never echo the URL (Fastify's defaults quote the path back).
 */

/** Node's parser gave up on a connection (malformed request line, headers too large, too slow). */
function codeOfClientError(error: NodeJS.ErrnoException): ErrorCode {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'RequestTimeout';
  if (error.code === 'HPE_HEADER_OVERFLOW') return 'HeadersTooLarge';
  return 'BadRequest';
}

/**
 * Fastify's `clientErrorHandler`: there is no request object yet, only the socket, so the
 * answer is written by hand, then the connection is closed.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code = codeOfClientError(error);
  const { status, message } = ERROR_CODES[code];
  const body = JSON.stringify({ error: message, error_code: code });
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  // end(), not write() then destroy(): the answer must be flushed before the connection closes.
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  // A client that never reads its answer does not keep the socket.
  setTimeout(() => socket.destroy(), 5_000).unref();
}

/** Fastify's `frameworkErrors`: a URL that is not valid percent-encoding, or a path parameter over the length limit. */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const [code, message]: [ErrorCode, string] =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? ['InvalidParameter', 'a path segment is too long']
      : ['BadRequest', 'the URL is not valid percent-encoding'];
  // Written on the raw response: these requests never enter a route context, so no hook
  // would set the exact content type.
  const body = JSON.stringify({ error: message, error_code: code });
  reply.hijack();
  reply.raw.writeHead(ERROR_CODES[code].status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  reply.raw.end(body);
}
