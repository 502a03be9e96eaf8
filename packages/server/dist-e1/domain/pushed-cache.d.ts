import type { Store } from '../store/store.js';
import type { StoreChange } from './cache-invalidation.js';
import type { Clock } from './clock.js';
export interface PushedCacheOptions {
    maxEntries: number;
    ttlMs: number;
}
/**
 * Values read from the store, held in memory and dropped when the store pushes a change
 * that concerns them (this node's changes before the changing call returns; other nodes'
 * through PostgreSQL NOTIFY, sent in the changing transaction).
 *
 * - While pushes might be missed (the notification connection is down), it is emptied and
 *   bypassed, and a `resync` empties it again.
 * - A read that a change overtook is never cached: each push bumps a generation, and a read
 *   only fills the cache if no push arrived while it was in flight.
 * - Entries also expire after `ttlMs`, as a backstop; the oldest go first past `maxEntries`.
 */
export declare class PushedCache<V> {
    private readonly store;
    private readonly clock;
    private readonly options;
    /** Whether a pushed change makes a cached value stale. */
    private readonly staleAfter;
    /** Told of every lookup: answered from memory or not. */
    private readonly onLookup;
    private readonly entries;
    private generation;
    private readonly unsubscribe;
    constructor(store: Store, clock: Clock, options: PushedCacheOptions, 
    /** Whether a pushed change makes a cached value stale. */
    staleAfter: (value: V, change: StoreChange) => boolean, 
    /** Told of every lookup: answered from memory or not. */
    onLookup?: (hit: boolean) => void);
    private hear;
    /** The value, from memory when that can be trusted, else from `read`. */
    get(key: string, read: () => Promise<V | null>): Promise<V | null>;
    private remember;
    close(): void;
}
