import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { LatchkeyError } from '../model/errors.js';
import type { RateLimitRedis } from './shared-limits.js';

/**
 * Rate limiting is opt-in per route (`rateLimitPerMinute`). It guards what can be guessed or
 * is expensive: password logins and registrations (each costs an argon2id hash, ~50 ms). API keys
 * carry 256 random bits and cost a hash lookup, so their logins are not limited. Counters
 * are per client IP: in this process's memory, or in Redis, shared by every node, when
 * REDIS_URL is set (see shared-limits.ts).
 */
export async function installRateLimit(app: FastifyInstance, shared?: { client: RateLimitRedis; prefix: string }): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    ...(shared ? { redis: shared.client, nameSpace: `${shared.prefix}rate-limit:` } : {}),
    errorResponseBuilder: (_request, context) =>
      new LatchkeyError('TooManyRequests', `too many attempts from this address, retry in ${Math.ceil(context.ttl / 1000)} s`),
  });
}

/** Route config for a per-IP limit; none when the limit is 0 (turned off). */
export function rateLimitPerMinute(max: number): { rateLimit: { max: number; timeWindow: number } } | undefined {
  return max > 0 ? { rateLimit: { max, timeWindow: 60_000 } } : undefined;
}
