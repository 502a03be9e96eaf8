import type { Column } from './sql/batch-statements.js';
import type { Snapshot } from './sql/driver.js';

/** Rows for one table, as the database takes them, in the order of `columns`. */
export interface TableRows {
  table: string;
  columns: Column[];
  values: unknown[][];
}

/**
 * Moving a whole deployment between stores (domain/deployment-export.ts, deployment-import.ts).
 * An import's progress is one stored value (the reader's state and what it has written), and
 * every block of rows is written in the same transaction that advances it only if it is still
 * what the writer read: a repeated or concurrent request writes nothing twice, whichever node
 * it reaches.
 */
export interface DeploymentStore {
  readonly dialect: 'sqlite' | 'postgres';
  /** Every table as of one moment, while the server goes on serving. */
  openSnapshot(): Promise<Snapshot>;
  countUsers(): Promise<number>;
  /** The unfinished import's progress, or null. */
  findImport(): Promise<string | null>;
  /**
   * Starts an import unless one is unfinished (false). With `replaceApps`, this server's apps
   * (none has users) are deleted in the same transaction; answers their rows, columns as named.
   */
  beginImport(progress: string, replaceApps: readonly string[] | null): Promise<{ began: boolean; replaced: unknown[][] }>;
  /** Writes a block and advances the progress from `expected` to `next`; false, writing nothing, if it was not `expected`. */
  writeBlock(expected: string, next: string, rows: TableRows[]): Promise<boolean>;
  /** Ends the import, installs the signing keys, and has every node reload everything. */
  finishImport(expected: string, signingKeys: string | null): Promise<boolean>;
  /** Undoes the import: deletes what it wrote (its apps, with all they hold, and its revocation requests) and restores `restore`. */
  abandonImport(expected: string, appIds: string[], revocationIds: string[], restore: TableRows | null): Promise<boolean>;
  /** Fresh planner statistics after a bulk load (PostgreSQL; nothing on SQLite). */
  analyzeAfterImport(): Promise<void>;
}
