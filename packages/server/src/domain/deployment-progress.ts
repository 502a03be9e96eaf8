import { LatchkeyError } from '../model/errors.js';
import type { TableRows } from '../store/deployment-store.js';
import type { Deps } from './deps.js';
import type { ReaderState } from './deployment-reader.js';

/** A deployment import's progress between its requests, and how each block is written with it. */

type Uses = Pick<Deps, 'store'>;

/** An import's progress, stored between its requests (DeploymentStore): where the file's reader stands and what was written. */
export interface Progress {
  id: string;
  started_at: number;
  merge: boolean;
  reader: ReaderState;
  /** Apps written: undoing the import deletes them, and everything they hold goes with them. */
  apps: string[];
  revocations: string[];
  /** This server's own apps, deleted to make way (without users); restored if the import is undone. */
  replaced: unknown[][];
  signing_keys: string | null;
  rows: Record<string, number>;
}

export async function unfinished(deps: Uses): Promise<{ text: string; progress: Progress } | null> {
  const text = await deps.store.deployment.findImport();
  return text === null ? null : { text, progress: JSON.parse(text) as Progress };
}

export function inProgress(progress: Progress): LatchkeyError {
  return new LatchkeyError(
    'ImportInProgress',
    `a deployment import begun ${new Date(progress.started_at).toISOString()} is unfinished (next line ${progress.reader.line}): ` +
      'undo it with `latchkey import deployment --abandon` (DELETE /api/admin/v1/deployment/import), then import again',
  );
}

/** Lines read between turns of the event loop, so a block's write goes on while the next is read. */
export const LINES_PER_TURN = 1_000;
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes each block one step behind the reading: while the database writes block k (with the
 * progress after it, in one transaction), block k + 1 is read and checked. `stored` is always
 * what the database holds.
 */
export class BlockWrites {
  private pending: { write: Promise<boolean>; text: string; progress: Progress; range: { from: number; through: number } } | null = null;
  /** The lines of the write that failed, for the message. */
  range = { from: 0, through: 0 };

  constructor(
    private readonly deps: Uses,
    public stored: { text: string; progress: Progress },
  ) {}

  /** The newest progress, written or on its way. */
  get latest(): Progress {
    return this.pending?.progress ?? this.stored.progress;
  }

  async settle(): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    this.range = pending.range;
    if (!(await pending.write)) throw inProgress(this.stored.progress);
    this.stored = { text: pending.text, progress: pending.progress };
  }

  async write(progress: Progress, rows: TableRows[], range: { from: number; through: number }): Promise<void> {
    await this.settle();
    const text = JSON.stringify(progress);
    const write = this.deps.store.deployment.writeBlock(this.stored.text, text, rows);
    // Heard in settle(); until then a failure must not count as unhandled.
    write.catch(() => undefined);
    this.pending = { write, text, progress, range };
  }
}
