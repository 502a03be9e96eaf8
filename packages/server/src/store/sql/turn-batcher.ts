interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit in the store rather than per database: the writes that arrive in one turn of
 * the event loop go to the database together, `size` at a time, by one statement (on
 * PostgreSQL, one round trip and one commit instead of one each). A batch that fails as a whole
 * (a user deleted in the meantime breaks a foreign key) is retried one item at a time, so one
 * request's trouble is its own. `writeMany` answers each item's result, in order.
 */
export class TurnBatcher<T, R> {
  private waiting: Waiting<T, R>[] = [];

  constructor(
    private readonly size: number,
    private readonly writeMany: (batch: T[]) => Promise<R[]>,
    private readonly writeOne: (item: T) => Promise<R>,
  ) {}

  write(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const all = this.waiting;
    this.waiting = [];
    for (let at = 0; at < all.length; at += this.size) void this.writeChunk(all.slice(at, at + this.size));
  }

  private async writeChunk(chunk: Waiting<T, R>[]): Promise<void> {
    if (chunk.length > 1) {
      try {
        const results = await this.writeMany(chunk.map((waiting) => waiting.item));
        chunk.forEach(({ resolve }, index) => resolve(results[index]!));
        return;
      } catch {
        // One at a time below: each request gets its own answer or error.
      }
    }
    await Promise.all(chunk.map(({ item, resolve, reject }) => this.writeOne(item).then(resolve, reject)));
  }
}
