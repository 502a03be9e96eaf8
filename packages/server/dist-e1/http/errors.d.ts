import type { FastifyInstance, FastifyReply } from 'fastify';
import { type ErrorCode } from '../domain/errors.js';
export declare function sendError(reply: FastifyReply, code: ErrorCode, message?: string): FastifyReply;
/**
 * The one place errors become responses: coded refusals answer with their code and status,
 * client mistakes Fastify catches become 4xx with a code, and anything else is a bug or an
 * infrastructure fault: logged, and answered with a plain 500 that reveals nothing.
 */
export declare function installErrorHandling(app: FastifyInstance): void;
/** Requests that arrive after shutdown began get a coded 503 and a closed connection. */
export declare function refuseWhileClosing(app: FastifyInstance): void;
