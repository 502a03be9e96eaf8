import type { FastifyRequest } from 'fastify';
/** Access tokens carry the user's custom data (up to 16 KiB of JSON, a third more in base64). */
export declare const MAX_TOKEN_LENGTH: number;
/** The token of an `Authorization: Bearer …` header; a missing or malformed header is MissingAuthReq. */
export declare function bearerToken(request: FastifyRequest): string;
