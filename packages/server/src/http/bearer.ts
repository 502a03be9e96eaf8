import type { FastifyRequest } from 'fastify';
import { LatchkeyError } from '../model/errors.js';

/** Access tokens carry the user's custom data (up to 16 KiB of JSON, a third more in base64). */
export const MAX_TOKEN_LENGTH = 32 * 1024;
const BEARER = new RegExp(`^Bearer +([\\x21-\\x7e]{1,${MAX_TOKEN_LENGTH}})$`, 'i');

/** The token of an `Authorization: Bearer …` header; a missing or malformed header is MissingAuthReq. */
export function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? BEARER.exec(header.trim()) : null;
  if (!match?.[1]) throw new LatchkeyError('MissingAuthReq', 'must authenticate first: send Authorization: Bearer <token>');
  return match[1];
}
