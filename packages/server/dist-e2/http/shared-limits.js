import { Redis } from 'ioredis';
import { LatchkeyError } from '../domain/errors.js';
/**
 * Rate-limit counters shared by every node through Redis (@fastify/rate-limit's own Redis store
 * and Lua script). Commands fail at once while Redis is unreachable (no offline queue, one
 * attempt), and a failed count refuses the request with 429: only routes that guard what can
 * be guessed or is costly are limited (password logins, registrations, anonymous logins,
 * revocation by value), so failing closed there costs nothing that matters, while API-key
 * logins and every other route never touch Redis and keep working.
 */
export function connectSharedLimits(url, onFailure) {
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
    const ready = new Promise((resolve) => {
        const timer = setTimeout(resolve, 2000);
        const settle = () => {
            clearTimeout(timer);
            resolve();
        };
        redis.once('ready', settle);
        redis.once('error', settle);
    });
    const client = {
        defineCommand(name, definition) {
            redis.defineCommand(name, definition);
            const command = redis[name].bind(redis);
            client[name] = (...args) => {
                const callback = args.pop();
                command(...args, (error, result) => {
                    if (!error)
                        return callback(null, result);
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
//# sourceMappingURL=shared-limits.js.map