import Database from 'better-sqlite3';
import type { StoreChange } from '../../model/store-changes.js';
import { ChangeListeners } from '../change-listeners.js';
import { drive, type Dialect, type ExecuteOptions, type Op, type Params, type Snapshot, type SqlDriver, type Step } from '../sql/driver.js';
import { createPrivately, removeLeftoverSnapshots, takeSqliteSnapshot } from './sqlite-files.js';
import { migrationsFor } from '../sql/migrations.js';
import { SqlStore } from '../sql/sql-store.js';
import type { StoreChangeListener } from '../store.js';

const SQLITE: Dialect = { name: 'sqlite', lockForUpdate: '', lockForLogin: '', lockForRevocation: '', lockSkipLocked: '' };

/** SQLite binds no booleans: they are stored as 0 and 1. */
const bindable = (params: Params): unknown[] => params.map((value) => (typeof value === 'boolean' ? Number(value) : value));

/** A write waiting for the next group commit. */
interface Grouped {
  operation: () => Op<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface GroupOutcome {
  /** The committed operations' announcements, heard after the commit. */
  announced: StoreChange[];
  /** Each operation's answer, given after the commit. */
  settle: (() => void)[];
}

/** Thrown inside a group's transaction to roll it all back: an operation failed after writing. */
class PartialWrite extends Error {}

/**
 * The embedded database: one better-sqlite3 connection in WAL mode, holding the file
 * exclusively. Every operation runs synchronously, start to finish, so nothing interleaves
 * with a transaction. Ordinary writes commit with synchronous=NORMAL; writes that take access
 * away switch the connection to synchronous=FULL for their commit, so an acknowledged
 * revocation survives a power loss (and, the WAL being flushed in order, so does every earlier
 * commit). New sessions and other grouped writes are group-committed: those arriving in one
 * turn of the event loop share one transaction (see commitGroup).
 */
class SqliteDriver implements SqlDriver {
  readonly dialect = SQLITE;
  readonly groupsCommits = true;
  private readonly statements = new Map<string, Database.Statement>();
  private pending: Grouped[] = [];
  // One process owns the database file, so its own writes are the only changes to announce.
  private readonly changes = new ChangeListeners();

  constructor(private readonly db: Database.Database) {}

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private perform(step: Step, announced: StoreChange[] | null): unknown {
    if (step.kind === 'rows') return this.statement(step.sql).all(...bindable(step.params));
    if (step.kind === 'run') return this.statement(step.sql).run(...bindable(step.params)).changes;
    if (!announced) throw new Error('an operation that announces a change must run in a transaction');
    announced.push(step.change);
    return undefined;
  }

  private runNow<T>(operation: () => Op<T>, options: ExecuteOptions): T {
    const announced: StoreChange[] = [];
    const body = () => drive(operation(), (step) => this.perform(step, options.transaction ? announced : null));
    if (!options.transaction) return body();
    const durable = options.durability === 'durable';
    if (durable) this.db.pragma('synchronous = FULL');
    try {
      // BEGIN IMMEDIATE: the write lock is taken up front, never upgraded halfway.
      const result = this.db.transaction(body).immediate();
      for (const change of announced) this.changes.emit(change);
      return result;
    } finally {
      if (durable) this.db.pragma('synchronous = NORMAL');
    }
  }

  async execute<T>(operation: () => Op<T>, options: ExecuteOptions): Promise<T> {
    if (options.durability === 'relaxed' || (options.grouped && options.durability === 'normal')) {
      return this.enqueue(operation);
    }
    return this.runNow(operation, options);
  }

  /**
   * Group commit: a commit costs far more than a row (about 48 µs against a few µs in WAL
   * mode), and logins and key creations arrive concurrently, so this is most of the cost of
   * their writes. Each operation's announcements are heard after the shared commit, and only
   * if the operation stood.
   */
  private enqueue<T>(operation: () => Op<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ operation, resolve: resolve as (value: unknown) => void, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0 || !this.db.open) return;
    let outcome: GroupOutcome;
    try {
      try {
        outcome = this.commitGroup(batch, false);
      } catch (error) {
        if (!(error instanceof PartialWrite)) throw error;
        // One operation failed after writing: the whole group was rolled back; again, each in a savepoint.
        outcome = this.commitGroup(batch, true);
      }
    } catch (error) {
      for (const { reject } of batch) reject(error);
      return;
    }
    for (const change of outcome.announced) this.changes.emit(change);
    for (const done of outcome.settle) done();
  }

  /**
   * One transaction for the whole group. An operation that fails leaves the others whole: its
   * failing statement is backed out by SQLite itself, so an operation that had written nothing
   * before it needs no savepoint (SAVEPOINT and RELEASE were measured at 10% of a login's CPU
   * and 6% of a key creation's). Only when a failure follows a write of the same operation is
   * the group rolled back and run again with `savepoints`, each operation in its own.
   */
  private commitGroup(batch: Grouped[], savepoints: boolean): GroupOutcome {
    const outcome: GroupOutcome = { announced: [], settle: [] };
    this.db
      .transaction(() => {
        for (const { operation, resolve, reject } of batch) {
          const own: StoreChange[] = [];
          let wrote = false;
          const body = () =>
            drive(operation(), (step) => {
              const result = this.perform(step, own);
              if (step.kind === 'run') wrote = true;
              return result;
            });
          try {
            // A nested transaction is a savepoint.
            const value = savepoints ? this.db.transaction(body)() : body();
            outcome.announced.push(...own);
            outcome.settle.push(() => resolve(value));
          } catch (error) {
            // Some errors (a full disk, say) end the transaction itself: the group fails as one.
            if (!this.db.inTransaction) throw error;
            if (wrote && !savepoints) throw new PartialWrite();
            outcome.settle.push(() => reject(error));
          }
        }
      })
      .immediate();
    return outcome;
  }

  isUniqueViolation(error: unknown): boolean {
    const code = (error as { code?: string }).code;
    return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  }

  isForeignKeyViolation(error: unknown): boolean {
    return (error as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
  }

  subscribe(listener: StoreChangeListener): () => void {
    return this.changes.add(listener);
  }

  changesAreLive(): boolean {
    return true;
  }

  snapshot(): Promise<Snapshot> {
    this.flush();
    return takeSqliteSnapshot(this.db);
  }

  /**
   * SQLite's online backup, page by page, between which requests go on being served; writes
   * made meanwhile through this connection are carried into the copy, so it is consistent as
   * of its end.
   */
  async backupTo(path: string): Promise<void> {
    this.flush();
    await this.db.backup(path);
  }

  /**
   * SQLite leaves an overwritten row's old bytes in freed pages and in the write-ahead log:
   * checkpointed and truncated, then VACUUM rewrites the file from live rows only. Run once,
   * after secrets that were stored in clear were encrypted.
   */
  async scrubFreedSpace(): Promise<void> {
    this.flush();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    // VACUUM rebuilds the whole database in a temporary one: on disk, not in memory.
    this.db.pragma('temp_store = FILE');
    try {
      this.db.exec('VACUUM');
    } finally {
      keepUndoLogsInMemory(this.db);
    }
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    this.flush();
    if (this.db.open) this.db.close();
  }
}

/**
 * A statement's undo log (its sub-journal) stays in memory. By default SQLite moves it to a
 * temporary file once it outgrows 64 KiB, and a connection in exclusive mode keeps that file
 * for good: every later multi-row write then pays a pwrite() per page (measured: 14 syscalls
 * per API-key login instead of 1.6; logins 1.2× faster without). Transactions here are short,
 * so the log stays small. Sorts that outgrow the cache go to memory too: the queries here sort
 * pages of results, while VACUUM, which rebuilds the whole file, goes back to disk (scrubFreedSpace).
 */
function keepUndoLogsInMemory(db: Database.Database): void {
  db.pragma('temp_store = MEMORY');
}

/** Applies the migrations this database lacks; answers whether there were any. */
function migrate(db: Database.Database): boolean {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  const apply = db.transaction((version: number, sql: string) => {
    if (sql.trim()) db.exec(sql);
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, Date.now());
  });
  const missing = migrationsFor('sqlite')
    .map((sql, index) => ({ version: index + 1, sql }))
    .filter(({ version }) => version > (row.version ?? 0));
  for (const { version, sql } of missing) apply.immediate(version, sql);
  return missing.length > 0;
}

/** One connection to the file, owned by this process, with the settings every statement here assumes. */
function connect(path: string): Database.Database {
  // No busy timeout: this process owns the file, so a lock held by anyone else means another
  // server is running on it, and waiting would only delay saying so.
  const db = new Database(path, { timeout: 0 });
  try {
    // Exclusive: this process owns the file. SQLite then keeps the WAL index in memory and
    // takes no file lock per statement; measured, a primary-key read drops from 4.4 to 2 µs
    // (two fcntl() calls fewer), far more under load. It also stops a second server from
    // opening the same data directory, which would not hear this one's changes.
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Opens (creating and migrating if needed) the SQLite database at `path`, or `:memory:`. */
export function openSqliteStore(path: string): SqlStore {
  return new SqlStore(openSqliteDriver(path));
}

/** The driver under openSqliteStore, for tests of what it promises every store operation. */
export function openSqliteDriver(path: string): SqlDriver {
  if (path !== ':memory:') createPrivately(path);
  let db: Database.Database | undefined;
  try {
    db = connect(path);
    // Migrations may build indexes over large tables, sorting through temporary files; the
    // connection that served requests starts afresh after them, with undo logs in memory.
    if (migrate(db) && path !== ':memory:') {
      db.close();
      db = connect(path);
    }
    keepUndoLogsInMemory(db);
    // Only now, holding the file exclusively, is no other server's export using a copy.
    removeLeftoverSnapshots(path);
  } catch (error) {
    db?.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new Error(`${path} is in use by another process (is another Latchkey running on this data directory?)`, { cause: error });
    }
    throw error;
  }
  return new SqliteDriver(db);
}
