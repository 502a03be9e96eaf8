import type { Session, Store, StoreChange } from '../store/store.js';
import type { Clock } from './clock.js';

/**
 * Sessions recently used, held in memory: every authenticated request needs its session,
 * and a database read costs more than the rest of a cheap request (measured: the three reads
 * behind GET /auth/profile take about 40% of its CPU under load).
 *
 * Revocation stays immediate: the store pushes every revocation (this node's before the
 * revoking call returns; other nodes' through PostgreSQL NOTIFY, sent in the revoking
 * transaction), and matching entries are dropped. While pushes might be missed (the
 * notification connection is down) the cache is emptied and bypassed. A read that raced a
 * revocation is never cached: each push bumps a generation, and a read only fills the cache
 * if no push arrived while it was in flight. Entries also expire after a while, as a backstop.
 */
export class SessionCache {
  private readonly entries = new Map<string, { session: Session; cachedAt: number }>();
  private generation = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly options: { maxEntries: number; ttlMs: number } = { maxEntries: 50_000, ttlMs: 60_000 },
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
    for (const [id, { session }] of this.entries) {
      if (id === change.sessionId || (change.keyId && session.keyId === change.keyId) || (change.userId && session.userId === change.userId)) {
        this.entries.delete(id);
      }
    }
  }

  /** The session, from memory when that can be trusted, else from the store. */
  async find(sessionId: string): Promise<Session | null> {
    const live = this.store.changesAreLive();
    if (!live) this.entries.clear();
    const cached = this.entries.get(sessionId);
    if (cached && this.clock.now() - cached.cachedAt < this.options.ttlMs) return cached.session;
    const generation = this.generation;
    const session = await this.store.findSessionById(sessionId);
    if (session && live && this.generation === generation && this.store.changesAreLive()) this.remember(session);
    return session;
  }

  private remember(session: Session): void {
    if (this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(session.id, { session, cachedAt: this.clock.now() });
  }

  close(): void {
    this.unsubscribe();
    this.entries.clear();
  }
}
