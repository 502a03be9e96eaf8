import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '../model/clock.js';
import type { Store } from '../store/store.js';

/** How often remembered activity is written; the admin API shows it within this. */
export const ACTIVITY_FLUSH_MS = 5_000;
/**
 * Rows per write. Logins over many different keys remember tens of thousands of them between
 * flushes, and one transaction over all of them held the event loop (SQLite) for a quarter of
 * a second: the login p99 under random keys was that pause. Requests are served between chunks.
 */
const CHUNK = 500;

/** Writes `items` CHUNK at a time, letting the event loop take its turn between writes. */
async function inChunks<T>(items: T[], write: (chunk: T[]) => Promise<void>): Promise<void> {
  for (let from = 0; from < items.length; from += CHUNK) {
    if (from > 0) await nextTurn();
    await write(items.slice(from, from + CHUNK));
  }
}

/**
 * When users last logged in, remembered in memory and written in one batch every few
 * seconds: a write per login would cost logins a database round trip (and, on SQLite, a
 * commit) for a value nobody needs to the millisecond.
 */
export class ActivityRecorder {
  private logins = new Map<string, number>();
  private keyUses = new Map<string, { userId: string | null; at: number }>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void,
  ) {}

  loggedIn(userId: string): void {
    this.logins.set(userId, this.clock.now());
  }

  /** A login or a verification with the key (`userId`: its owner, for a user key). */
  keyUsed(keyId: string, userId: string | null): void {
    this.keyUses.set(keyId, { userId, at: this.clock.now() });
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), ACTIVITY_FLUSH_MS);
    this.timer.unref();
  }

  /** Writes what is remembered now (the timer does this on its own; tests and shutdown ask). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.logins.size > 0) {
        const batch = [...this.logins].map(([userId, at]) => ({ userId, at }));
        this.logins = new Map();
        await inChunks(batch, (chunk) => this.store.recordLogins(chunk)).catch(this.onError);
      }
      if (this.keyUses.size > 0) {
        const uses = [...this.keyUses].map(([keyId, use]) => ({ keyId, ...use }));
        this.keyUses = new Map();
        await inChunks(uses, (chunk) => this.store.recordKeyUses(chunk)).catch(this.onError);
      }
    });
    return this.flushing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }
}
