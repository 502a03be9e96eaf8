import type { FastifyReply } from 'fastify';
import type { BackgroundWork, Work } from '../domain/background-work.js';

/**
 * Starts work once the answer has gone out, so nothing the work does (reads, hashes, mail,
 * webhook calls) can show in the answer or in how long it took: the flows that must not tell
 * who is registered, or which keys exist, answer alike and at once.
 */
export function afterAnswer(reply: FastifyReply, background: BackgroundWork, what: string, work: Work): void {
  reply.raw.once('close', () => background.run(what, work));
}
