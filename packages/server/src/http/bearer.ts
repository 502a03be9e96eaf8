import type { FastifyRequest } from 'fastify';
import { LatchkeyError } from '../domain/errors.js';

const BEARER = /^Bearer +([\x21-\x7e]{1,4096})$/i;

/** The token of an `Authorization: Bearer …` header; a missing or malformed header is MissingAuthReq. */
export function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? BEARER.exec(header.trim()) : null;
  if (!match?.[1]) throw new LatchkeyError('MissingAuthReq', 'must authenticate first: send Authorization: Bearer <token>');
  return match[1];
}
