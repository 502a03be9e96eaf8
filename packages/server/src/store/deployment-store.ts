import type { ExportedTable } from './deployment-tables.js';

/** Rows for one table, as the database binds them, in the order of `columns`. */
export interface TableRows {
  table: string;
  columns: ExportedTable['columns'];
  values: unknown[][];
}

/** A read-only view of the whole database as of one moment. */
export interface Snapshot {
  /** The rows of a SELECT as arrays in its column order, `pageSize` at a time. */
  scan(sql: string, params: readonly unknown[], pageSize: number): AsyncGenerator<unknown[][]>;
  close(): Promise<void>;
}

/** A write the database refused, with the table it was writing. */
export class RefusedRowsError extends Error {
  constructor(
    readonly table: string,
    readonly constraint: 'unique' | 'reference' | 'value',
    cause: unknown,
    /** The client app ids of apps already on this server, when that was the reason. */
    readonly apps: string[] = [],
  ) {
    super(`the database refused a ${table} row`, { cause });
  }
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
  /** The migrations this database has: a file from a newer schema cannot come in. */
  readonly schemaVersion: number;
  /** Every table as of one moment, while the server goes on serving. */
  openSnapshot(): Promise<Snapshot>;
  /** The unfinished import's progress, or null. */
  findImport(): Promise<string | null>;
  /**
   * Starts an import unless one is unfinished or, with `replaceApps`, users are here (`began`
   * false, and how many). With `replaceApps`, this server's apps (their rows, those columns)
   * go into the progress `progressWith` makes, and are deleted in the same transaction.
   */
  beginImport(
    progressWith: (replaced: unknown[][]) => string,
    replaceApps: readonly string[] | null,
  ): Promise<{ began: boolean; users: number }>;
  /** Writes a block and advances the progress from `expected` to `next`; false, writing nothing, if it was not `expected`. */
  writeBlock(expected: string, next: string, rows: TableRows[]): Promise<boolean>;
  /** Ends the import, installs the signing keys, and has every node reload everything. */
  finishImport(expected: string, signingKeys: string | null): Promise<boolean>;
  /** Undoes the import: deletes what it wrote (its apps, with all they hold, and its revocation requests) and restores `restore`. */
  abandonImport(expected: string, appIds: string[], revocationIds: string[], restore: TableRows | null): Promise<boolean>;
  /** Fresh planner statistics after a bulk load (PostgreSQL; nothing on SQLite). */
  analyzeAfterImport(): Promise<void>;
}
