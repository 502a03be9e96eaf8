import { SESSION_BATCH, type NewSession } from './session-queries.js';

interface Waiting {
  item: NewSession;
  resolve: (inserted: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for new sessions, in the store rather than per database: the logins that arrive
 * in one turn of the event loop are inserted by one statement (on PostgreSQL, one round trip
 * instead of one each). A batch that fails as a whole (a user deleted in the meantime breaks
 * its foreign key) is retried one session at a time, so one login's trouble is its own.
 */
export class SessionBatcher {
  private waiting: Waiting[] = [];

  constructor(
    private readonly insertMany: (batch: NewSession[]) => Promise<Set<string>>,
    private readonly insertOne: (item: NewSession) => Promise<boolean>,
  ) {}

  insert(item: NewSession): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const all = this.waiting;
    this.waiting = [];
    for (let at = 0; at < all.length; at += SESSION_BATCH) void this.insertChunk(all.slice(at, at + SESSION_BATCH));
  }

  private async insertChunk(chunk: Waiting[]): Promise<void> {
    if (chunk.length > 1) {
      try {
        const inserted = await this.insertMany(chunk.map((waiting) => waiting.item));
        for (const { item, resolve } of chunk) resolve(inserted.has(item.session.id));
        return;
      } catch {
        // One at a time below: each login gets its own answer or error.
      }
    }
    await Promise.all(chunk.map(({ item, resolve, reject }) => this.insertOne(item).then(resolve, reject)));
  }
}
