import { type ErrorAnswer } from '@latchkey/protocol';
import type { FastifyReply } from 'fastify';
import Type, { type Static } from 'typebox';

const ErrorRef = Type.Unsafe<Static<typeof ErrorAnswer>>({ $ref: 'ErrorBody#' });

/** Every route declares its error shape, so serialisation can never leak more than these fields. */
export const ErrorResponses = { '4xx': ErrorRef, '5xx': ErrorRef };

/** Summary, tag and authentication of a route, for the OpenAPI document. */
export function describeRoute(tag: string, summary: string, auth?: 'accessToken' | 'refreshToken' | 'adminToken') {
  return { summary, tags: [tag], ...(auth ? { security: [{ [auth]: [] }] } : {}) };
}

/** 204 with no body and no content type: realm-web parses any JSON-typed answer, even an empty one. */
export function noContent(reply: FastifyReply): FastifyReply {
  return reply.code(204).send();
}
