import { Redis } from 'ioredis';
import { LatchkeyError } from '../model/errors.js';

type Callback = (error: Error | null, result?: unknown) => void;

/** What @fastify/rate-limit's Redis store uses of a client: it defines its Lua commands, then calls them. */
export interface RateLimitRedis {
  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void;
  [command: string]: unknown;
}

export interface SharedLimits {
  /** Handed to @fastify/rate-limit as its `redis`: every command that fails answers 429, never 500. */
  client: RateLimitRedis;
  /** Settles once the first connection is made or has failed (at most 2 s): start serving after it. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Rate-limit counters shared by every node through Redis (@fastify/rate-limit's own Redis store
 * and Lua script). Commands fail at once while Redis is unreachable (no offline queue, one
 * attempt), and a failed count refuses the request with 429: only routes that guard what can
 * be guessed or is costly are limited (password logins, registrations, anonymous logins,
 * revocation by value), so failing closed there costs nothing that matters, while API-key
 * logins and every other route never touch Redis and keep working.
 */
export function connectSharedLimits(url: string, onFailure: (error: Error) => void): SharedLimits {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    // Keep trying to reconnect in the background, at most every 2 s.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    lazyConnect: false,
  });
  // Without a listener, ioredis reports every failed reconnection as an unhandled error.
  redis.on('error', onFailure);
  // Commands fail while no connection is up, so the server waits for the first one (or its failure) before serving.
  const ready = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2000);
    const settle = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', settle);
    redis.once('error', settle);
  });
  const client: RateLimitRedis = {
    defineCommand(name, definition) {
      redis.defineCommand(name, definition);
      const command = (redis as unknown as Record<string, (...args: unknown[]) => void>)[name]!.bind(redis);
      client[name] = (...args: unknown[]) => {
        const callback = args.pop() as Callback;
        command(...args, (error: Error | null, result: unknown) => {
          if (!error) return callback(null, result);
          onFailure(error);
          callback(new LatchkeyError('TooManyRequests', 'rate limits cannot be checked right now; retry shortly'));
        });
      };
    },
  };
  return {
    client,
    ready,
    close() {
      redis.disconnect();
      return Promise.resolve();
    },
  };
}
