import type { StoreChange } from '../../model/store-changes.js';
import type { Snapshot } from '../deployment-store.js';
import type { StoreChangeListener } from '../store.js';

export type { Snapshot } from '../deployment-store.js';

/**
 * The seam between the one SQL store and each database. Every statement, and every decision
 * about what a write announces, is written once in the store (store/sql/*-queries.ts); a
 * driver supplies only what truly differs between SQLite and PostgreSQL: placeholders, how a
 * transaction runs (synchronously on SQLite, on a pooled connection on PostgreSQL), how
 * durable a commit is, row-locking clauses, error codes, and how announcements travel.
 *
 * A database operation is a generator of steps. The driver performs each step and sends its
 * result back in: SQLite performs them synchronously inside one transaction (no other request
 * can interleave, and a transaction costs no promise per statement); PostgreSQL awaits each on
 * the operation's own connection. Because every statement of an operation is a step of that
 * operation, no statement can run outside its transaction by mistake.
 */
export type Params = readonly unknown[];

export type Step =
  | { kind: 'rows'; sql: string; params: Params }
  | { kind: 'run'; sql: string; params: Params }
  /** `sent`: a statement of the operation already told the other nodes (PostgreSQL, NOTIFY inside it); only this node is left to hear it. */
  | { kind: 'announce'; change: StoreChange; sent?: boolean };

/** A database operation: yields steps, gets their results back, returns a value. */
export type Op<T> = Generator<Step, T, unknown>;

/** Rows of a query. SQL uses `?` placeholders in every dialect. */
export function* rows<R>(sql: string, params: Params = []): Op<R[]> {
  return (yield { kind: 'rows', sql, params }) as R[];
}

export function* firstRow<R>(sql: string, params: Params = []): Op<R | undefined> {
  const [row] = yield* rows<R>(sql, params);
  return row;
}

/** Runs a statement; returns how many rows it changed. */
export function* run(sql: string, params: Params = []): Op<number> {
  return (yield { kind: 'run', sql, params }) as number;
}

/** Tells every node's caches about this write, once it commits (never if it rolls back). */
export function* announce(changes: StoreChange[]): Op<void> {
  for (const change of changes) yield { kind: 'announce', change };
}

/**
 * This node's caches hear a change that the operation's own statement has already sent to the
 * other nodes (a PostgreSQL function that notifies as it writes), once the operation succeeds.
 * Needs no transaction around the operation: the statement that sent it is atomic on its own.
 */
export function* announced(changes: StoreChange[]): Op<void> {
  for (const change of changes) yield { kind: 'announce', change, sent: true };
}

/**
 * How a write must survive a crash once acknowledged: `durable` for anything that takes
 * access away (flushed to disk before the answer), `normal` for ordinary writes, `relaxed`
 * for new sessions (a crash may lose the newest, and their users log in again), which lets
 * drivers batch them (SQLite's group commit) or skip the flush (PostgreSQL's
 * synchronous_commit off).
 */
export type Durability = 'relaxed' | 'normal' | 'durable';

export interface ExecuteOptions {
  /** Run every step in one transaction (required when the operation announces anything). */
  transaction: boolean;
  durability: Durability;
  /**
   * May share its commit with the other grouped writes of the same event-loop turn (each
   * standing or failing alone, answered after the shared commit): where commits serialise
   * (SQLite), a burst of them then pays one commit. New sessions always are; so are new keys.
   */
  grouped?: boolean;
}

/** What differs in the SQL text itself. */
export interface Dialect {
  name: 'sqlite' | 'postgres';
  /** Appended to a SELECT that locks the rows it reads for an update (empty where transactions serialise anyway). */
  lockForUpdate: string;
  /**
   * Appended to the SELECTs by which a new session checks its user and key: keeps a revocation
   * (which takes lockForRevocation) from committing in between, while letting plain writes of
   * other columns (last-use times, a key count's lock) pass, so logins never wait on them.
   */
  lockForLogin: string;
  /** Appended to a SELECT that locks a user's or key's row before a change that ends sessions: conflicts with lockForLogin. */
  lockForRevocation: string;
  /** Appended to a SELECT that locks what it reads and passes over rows another transaction holds. */
  lockSkipLocked: string;
}

export interface SqlDriver {
  readonly dialect: Dialect;
  /**
   * True where the driver itself shares one commit among the relaxed and grouped writes of an
   * event-loop turn (SQLite): the store then sends new sessions one statement each, since
   * one many-row statement would save it nothing but cost a prepared statement per batch size.
   */
  readonly groupsCommits: boolean;
  execute<T>(operation: () => Op<T>, options: ExecuteOptions): Promise<T>;
  isUniqueViolation(error: unknown): boolean;
  isForeignKeyViolation(error: unknown): boolean;
  subscribe(listener: StoreChangeListener): () => void;
  changesAreLive(): boolean;
  /**
   * A read-only view of the whole database as of one moment, read while the server goes on
   * writing (a deployment export): SQLite reads a fresh online copy of its file, PostgreSQL a
   * REPEATABLE READ transaction of its own.
   */
  snapshot(): Promise<Snapshot>;
  /** A consistent copy of the database file, for embedded databases only. */
  backupTo?(path: string): Promise<void>;
  /** Rewrites the database file so no freed page still holds overwritten data (embedded databases only). */
  scrubFreedSpace?(): Promise<void>;
  close(): Promise<void>;
}

/** Feeds each step's result back into the operation until it returns; the driver performs steps. */
export function drive<T>(operation: Op<T>, perform: (step: Step) => unknown): T {
  let next = operation.next();
  while (!next.done) next = operation.next(perform(next.value));
  return next.value;
}

/** The asynchronous twin of drive, for drivers whose steps are I/O. */
export async function driveAsync<T>(operation: Op<T>, perform: (step: Step) => Promise<unknown>): Promise<T> {
  let next = operation.next();
  while (!next.done) next = operation.next(await perform(next.value));
  return next.value;
}

/**
 * A batch's rows in one order for every writer (by id): two nodes writing overlapping batches
 * in one transaction each then lock rows in the same order, and never deadlock.
 */
export function byId<T>(items: T[], id: (item: T) => string): T[] {
  return [...items].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
}
