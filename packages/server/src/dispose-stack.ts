/**
 * What a start opened, closed in the reverse order on close and on a failed start alike: each
 * resource is registered as soon as it exists, so a start that fails half-way releases exactly
 * what it had opened (no Redis client reconnecting, no timer, no open database).
 */
export class DisposeStack {
  private readonly cleanups: (() => unknown)[] = [];

  defer(cleanup: () => unknown): void {
    this.cleanups.push(cleanup);
  }

  /** Runs every cleanup, newest first, even when one fails; then throws the first failure. */
  async dispose(): Promise<void> {
    let failure: Error | null = null;
    for (const cleanup of this.cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        failure ??= error instanceof Error ? error : new Error(String(error));
      }
    }
    if (failure) throw failure;
  }
}
