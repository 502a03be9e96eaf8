/** What @fastify/rate-limit's Redis store uses of a client: it defines its Lua commands, then calls them. */
export interface RateLimitRedis {
    defineCommand(name: string, definition: {
        numberOfKeys: number;
        lua: string;
    }): void;
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
export declare function connectSharedLimits(url: string, onFailure: (error: Error) => void): SharedLimits;
