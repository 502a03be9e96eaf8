import type { Clock } from '../model/clock.js';
import type { Store } from '../store/store.js';

/** How often remembered activity is written; the admin API shows it within this. */
export const ACTIVITY_FLUSH_MS = 5_000;

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
        await this.store.recordLogins(batch).catch(this.onError);
      }
      if (this.keyUses.size > 0) {
        const uses = [...this.keyUses].map(([keyId, use]) => ({ keyId, ...use }));
        this.keyUses = new Map();
        await this.store.recordKeyUses(uses).catch(this.onError);
      }
    });
    return this.flushing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }
}
