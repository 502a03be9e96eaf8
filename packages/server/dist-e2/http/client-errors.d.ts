import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
/**
 * Fastify's `clientErrorHandler`: there is no request object yet, only the socket, so the
 * answer is written by hand, then the connection is closed.
 */
export declare function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void;
/** Fastify's `frameworkErrors`: a URL that is not valid percent-encoding, or a path parameter over the length limit. */
export declare function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void;
