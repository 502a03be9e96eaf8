import pg from 'pg';
import type { StoreChange } from '../../model/store-changes.js';
import {
  driveAsync,
  type Dialect,
  type ExecuteOptions,
  type Op,
  type Params,
  type Snapshot,
  type SqlDriver,
  type Step,
} from '../sql/driver.js';
import { migrationsFor } from '../sql/migrations.js';
import { SqlStore } from '../sql/sql-store.js';
import type { StoreChangeListener } from '../store.js';
import { PostgresChangeFeed } from './change-feed.js';
import { CHANGE_CHANNEL } from '../../model/store-changes.js';
import { asStoreError, isConnectionFailure } from './connection-errors.js';

const POSTGRES: Dialect = {
  name: 'postgres',
  lockForUpdate: 'FOR NO KEY UPDATE',
  lockForLogin: 'FOR KEY SHARE',
  lockForRevocation: 'FOR UPDATE',
  lockSkipLocked: 'FOR UPDATE SKIP LOCKED',
};

const INT8_OID = 20;
/** Timestamps and counts are BIGINT, far inside Number's exact range for what Latchkey stores. */
const types = {
  getTypeParser: ((oid: number, format?: string): unknown =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

const DEFAULT_POOL_SIZE = 10;
const relaxedPoolSize = (poolSize: number) => Math.max(2, Math.ceil(poolSize / 2));

/** The most connections one node opens: its pool, the relaxed pool for new sessions, and the LISTEN connection. */
export function connectionsPerNode(poolSize = DEFAULT_POOL_SIZE): number {
  return poolSize + relaxedPoolSize(poolSize) + 1;
}

/** The store's SQL is written with `?`; PostgreSQL numbers its parameters. */
const numbered = new Map<string, string>();
function withNumberedParameters(sql: string): string {
  let converted = numbered.get(sql);
  if (converted === undefined) {
    let n = 0;
    converted = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, converted);
  }
  return converted;
}

type Queryable = pg.Pool | pg.PoolClient;

async function perform(on: Queryable, step: Exclude<Step, { kind: 'announce' }>): Promise<unknown> {
  const result = await on.query(withNumberedParameters(step.sql), step.params as unknown[]);
  return step.kind === 'rows' ? result.rows : (result.rowCount ?? 0);
}

export interface PostgresStoreOptions {
  /** Connections in the main pool per node. */
  poolSize?: number;
  onBackgroundError?: (error: Error) => void;
  /** The change feed went down (caches are bypassed) or came back (caches resynced). */
  onChangeFeedLive?: (live: boolean) => void;
}

/**
 * PostgreSQL, for deployments of several nodes on one database. Invariants are held by the
 * database: unique indexes, cascades, and row locks around the key-limit check. A transaction
 * runs on one pooled connection; what it announces is sent with NOTIFY inside it, so other
 * nodes hear of a change exactly when it commits, and this node's caches hear before the call
 * resolves. New sessions are inserted on a second pool whose connections commit with
 * synchronous_commit off (measured: most of a login's time was that WAL flush); everything
 * that takes access away commits synchronously on the main pool.
 */
class PostgresDriver implements SqlDriver {
  readonly dialect = POSTGRES;
  readonly groupsCommits = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly relaxedPool: pg.Pool,
    private readonly feed: PostgresChangeFeed,
  ) {}

  async execute<T>(operation: () => Op<T>, options: ExecuteOptions): Promise<T> {
    const pool = options.durability === 'relaxed' ? this.relaxedPool : this.pool;
    try {
      if (!options.transaction) return await this.outsideTransaction(pool, operation);
      return await this.inTransaction(pool, operation);
    } catch (error) {
      throw asStoreError(error);
    }
  }

  /** Each statement on its own; only changes a statement sent itself may be announced (heard here once all is done). */
  private async outsideTransaction<T>(pool: pg.Pool, operation: () => Op<T>): Promise<T> {
    const heard: StoreChange[] = [];
    const result = await driveAsync(operation(), async (step) => {
      if (step.kind !== 'announce') return perform(pool, step);
      if (!step.sent) throw new Error('an operation that announces a change must run in a transaction');
      heard.push(step.change);
      return undefined;
    });
    for (const change of heard) this.feed.emitLocal(change);
    return result;
  }

  private async inTransaction<T>(pool: pg.Pool, operation: () => Op<T>): Promise<T> {
    const client = await pool.connect();
    let broken = false;
    // A connection that dies between this transaction's statements (pg_terminate_backend, a
    // restart) emits 'error' on the checked-out client; unheard, that event would end the process.
    const lost = () => {
      broken = true;
    };
    client.on('error', lost);
    const announced: StoreChange[] = [];
    // NOTIFY is delivered at commit wherever in the transaction it is sent: every change goes in
    // one statement just before COMMIT, one round trip however many there are (a flush of last-use
    // times announces one per user).
    const toSend: string[] = [];
    try {
      await client.query('BEGIN');
      try {
        const result = await driveAsync(operation(), async (step) => {
          if (step.kind !== 'announce') return perform(client, step);
          announced.push(step.change);
          if (!step.sent) toSend.push(JSON.stringify(step.change));
          return undefined;
        });
        if (toSend.length > 0)
          await client.query('SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload', [CHANGE_CHANNEL, toSend]);
        await client.query('COMMIT');
        for (const change of announced) this.feed.emitLocal(change);
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } catch (error) {
      broken = isConnectionFailure(error);
      throw error;
    } finally {
      client.off('error', lost);
      client.release(broken);
    }
  }

  /**
   * One REPEATABLE READ transaction on a connection of its own: every table is read as of its
   * opening, whatever other nodes commit meanwhile; each SELECT is a cursor read a page
   * at a time, so no table is held in memory whole.
   */
  async snapshot(): Promise<Snapshot> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw asStoreError(error);
    });
    let broken = false;
    const lost = () => {
      broken = true;
    };
    client.on('error', lost);
    let cursors = 0;
    let closed = false;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // The snapshot is taken by the transaction's first statement, not by BEGIN: take it now.
      await client.query('SELECT 1');
    } catch (error) {
      client.off('error', lost);
      client.release(true);
      throw asStoreError(error);
    }
    return {
      async *scan(sql: string, params: Params, pageSize: number) {
        const cursor = `snapshot_${++cursors}`;
        await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${withNumberedParameters(sql)}`, params as unknown[]);
        try {
          for (;;) {
            const { rows } = await client.query<unknown[]>({ text: `FETCH ${pageSize} FROM ${cursor}`, rowMode: 'array' });
            if (rows.length > 0) yield rows;
            if (rows.length < pageSize) return;
          }
        } finally {
          if (!broken) await client.query(`CLOSE ${cursor}`).catch(() => undefined);
        }
      },
      async close() {
        if (closed) return;
        closed = true;
        if (!broken) await client.query('COMMIT').catch(() => (broken = true));
        client.off('error', lost);
        client.release(broken);
      },
    };
  }

  isUniqueViolation(error: unknown): boolean {
    return (error as { code?: string }).code === '23505';
  }

  isForeignKeyViolation(error: unknown): boolean {
    return (error as { code?: string }).code === '23503';
  }

  subscribe(listener: StoreChangeListener): () => void {
    return this.feed.subscribe(listener);
  }

  changesAreLive(): boolean {
    return this.feed.live;
  }

  async close(): Promise<void> {
    await this.feed.close();
    await Promise.all([this.pool.end(), this.relaxedPool.end()]);
  }
}

/** An arbitrary constant naming Latchkey's migration lock among the database's advisory locks. */
const MIGRATION_LOCK = 7_425_301_994;

/** Nodes starting together serialise on an advisory lock, so each migration runs once. */
async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const { rows } = await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations');
    const current = rows[0]?.version ?? 0;
    for (const [index, sql] of migrationsFor('postgres').entries()) {
      if (index + 1 <= current) continue;
      await client.query('BEGIN');
      try {
        if (sql.trim()) await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [index + 1, Date.now()]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

function newPool(connectionString: string, max: number, options: PostgresStoreOptions, extraOptions = ''): pg.Pool {
  const url = new URL(connectionString);
  if (extraOptions) url.searchParams.set('options', [url.searchParams.get('options'), extraOptions].filter(Boolean).join(' '));
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    query_timeout: 15_000,
    // Operators (and the outage tests) find Latchkey's connections by name; a URL may set its own.
    ...(url.searchParams.has('application_name') ? {} : { application_name: 'latchkey' }),
    types,
  });
  // An idle client whose backend dies emits here; without a listener the process would exit.
  pool.on('error', (error) => options.onBackgroundError?.(error));
  return pool;
}

/** Connects to PostgreSQL, migrates, and starts listening for other nodes' changes. */
export async function connectPostgresStore(connectionString: string, options: PostgresStoreOptions = {}): Promise<SqlStore> {
  const poolSize = options.poolSize ?? DEFAULT_POOL_SIZE;
  const pool = newPool(connectionString, poolSize, options);
  const relaxedPool = newPool(connectionString, relaxedPoolSize(poolSize), options, '-c synchronous_commit=off');
  const feed = new PostgresChangeFeed(
    connectionString,
    (error) => options.onBackgroundError?.(error),
    (live) => options.onChangeFeedLive?.(live),
  );
  try {
    await migrate(pool).catch((error: unknown) => {
      throw asStoreError(error);
    });
    await feed.start();
  } catch (error) {
    await feed.close();
    await Promise.all([pool.end(), relaxedPool.end()]);
    throw error;
  }
  return new SqlStore(new PostgresDriver(pool, relaxedPool, feed));
}
