import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import { OBJECT_ID_PATTERN } from '../crypto/ids.js';

export const ErrorBody = Type.Object({
  error: Type.String(),
  error_code: Type.String(),
  link: Type.Optional(Type.String()),
});

/** Every route declares its error shape, so serialisation can never leak more than these fields. */
export const ErrorResponses = { '4xx': ErrorBody, '5xx': ErrorBody };

export const ObjectId = Type.String({ pattern: OBJECT_ID_PATTERN });

/** 204 with no body and no content type: realm-web parses any JSON-typed answer, even an empty one. */
export function noContent(reply: FastifyReply): FastifyReply {
  return reply.code(204).send();
}
