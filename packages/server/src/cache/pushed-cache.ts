import type { Store } from '../store/store.js';
import type { StoreChange } from '../model/store-changes.js';
import type { Clock } from '../model/clock.js';
import { idsNamedBy, type Invalidation } from './cache-invalidation.js';

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
 * - A change is checked only against the entries filed under the ids it names (`byId`), so its
 *   cost does not grow with the cache.
 */
export class PushedCache<V> {
  private readonly entries = new Map<string, { value: V; cachedAt: number; ids: string[] }>();
  /** Each id a cached value concerns (Invalidation.idsOf), to the keys of the entries concerning it. */
  private readonly byId = new Map<string, Set<string>>();
  private generation = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly options: PushedCacheOptions,
    /** Which pushed changes make a cached value stale. */
    private readonly invalidation: Invalidation<V>,
    /** Told of every lookup: answered from memory or not. */
    private readonly onLookup: (hit: boolean) => void = () => undefined,
  ) {
    this.unsubscribe = store.subscribe((change) => this.hear(change));
  }

  private hear(change: StoreChange): void {
    if (change.kind === 'apps') return;
    this.generation++;
    if (change.kind === 'resync') {
      this.clear();
      return;
    }
    for (const id of idsNamedBy(change)) {
      const keys = this.byId.get(id);
      if (!keys) continue;
      for (const key of [...keys]) {
        const entry = this.entries.get(key);
        if (entry && this.invalidation.stale(entry.value, change)) this.forget(key);
      }
    }
  }

  private clear(): void {
    this.entries.clear();
    this.byId.clear();
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const id of entry.ids) {
      const keys = this.byId.get(id);
      keys?.delete(key);
      if (keys?.size === 0) this.byId.delete(id);
    }
  }

  /** The value, from memory when that can be trusted, else from `read`. */
  async get(key: string, read: () => Promise<V | null>): Promise<V | null> {
    const live = this.store.changesAreLive();
    if (!live && this.entries.size > 0) this.clear();
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
    this.forget(key);
    if (this.entries.size >= this.options.maxEntries) this.forget(this.entries.keys().next().value as string);
    const ids = this.invalidation.idsOf(value);
    this.entries.set(key, { value, cachedAt: this.clock.now(), ids });
    for (const id of ids) {
      const keys = this.byId.get(id);
      if (keys) keys.add(key);
      else this.byId.set(id, new Set([key]));
    }
  }

  close(): void {
    this.unsubscribe();
    this.clear();
  }
}
