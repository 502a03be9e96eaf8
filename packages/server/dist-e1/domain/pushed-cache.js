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
export class PushedCache {
    store;
    clock;
    options;
    staleAfter;
    onLookup;
    entries = new Map();
    generation = 0;
    unsubscribe;
    constructor(store, clock, options, 
    /** Whether a pushed change makes a cached value stale. */
    staleAfter, 
    /** Told of every lookup: answered from memory or not. */
    onLookup = () => undefined) {
        this.store = store;
        this.clock = clock;
        this.options = options;
        this.staleAfter = staleAfter;
        this.onLookup = onLookup;
        this.unsubscribe = store.subscribe((change) => this.hear(change));
    }
    hear(change) {
        if (change.kind === 'apps')
            return;
        this.generation++;
        if (change.kind === 'resync') {
            this.entries.clear();
            return;
        }
        for (const [key, { value }] of this.entries)
            if (this.staleAfter(value, change))
                this.entries.delete(key);
    }
    /** The value, from memory when that can be trusted, else from `read`. */
    async get(key, read) {
        const live = this.store.changesAreLive();
        if (!live)
            this.entries.clear();
        const cached = this.entries.get(key);
        if (cached && this.clock.now() - cached.cachedAt < this.options.ttlMs) {
            this.onLookup(true);
            return cached.value;
        }
        this.onLookup(false);
        const generation = this.generation;
        const value = await read();
        if (value !== null && live && this.generation === generation && this.store.changesAreLive())
            this.remember(key, value);
        return value;
    }
    remember(key, value) {
        this.entries.delete(key);
        if (this.entries.size >= this.options.maxEntries)
            this.entries.delete(this.entries.keys().next().value);
        this.entries.set(key, { value, cachedAt: this.clock.now() });
    }
    close() {
        this.unsubscribe();
        this.entries.clear();
    }
}
//# sourceMappingURL=pushed-cache.js.map