import type { Store } from '../store/store.js';
import type { StoreChange } from '../model/store-changes.js';
import type { Clock } from '../model/clock.js';

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
export class PushedCache<V> {
  private readonly entries = new Map<string, { value: V; cachedAt: number }>();
  private generation = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly options: PushedCacheOptions,
    /** Whether a pushed change makes a cached value stale. */
    private readonly staleAfter: (value: V, change: StoreChange) => boolean,
    /** Told of every lookup: answered from memory or not. */
    private readonly onLookup: (hit: boolean) => void = () => undefined,
  ) {
    this.unsubscribe = store.subscribe((change) => this.hear(change));
  }

  private hear(change: StoreChange): void {
    if (change.kind === 'apps') return;
    this.generation++;
    if (change.kind === 'resync') {
      this.entries.clear();
      return;
    }
    for (const [key, { value }] of this.entries) if (this.staleAfter(value, change)) this.entries.delete(key);
  }

  /** The value, from memory when that can be trusted, else from `read`. */
  async get(key: string, read: () => Promise<V | null>): Promise<V | null> {
    const live = this.store.changesAreLive();
    if (!live) this.entries.clear();
    const cached = this.entries.get(key);
    if (cached && this.clock.now() - cached.cachedAt < this.options.ttlMs) {
      this.onLookup(true);
      return cached.value;
    }
    this.onLookup(false);
    const generation = this.generation;
    const value = await read();
    if (value !== null && live && this.generation === generation && this.store.changesAreLive()) this.remember(key, value);
    return value;
  }

  private remember(key: string, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, cachedAt: this.clock.now() });
  }

  close(): void {
    this.unsubscribe();
    this.entries.clear();
  }
}
