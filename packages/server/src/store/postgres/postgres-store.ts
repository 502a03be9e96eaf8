import pg from 'pg';
import type { App, AppSettings } from '../../domain/apps.js';
import type { CustomUserData } from '../../domain/custom-data.js';
import type { Identity, User } from '../../domain/users.js';
import {
  OWNER_COLUMNS, toIdentity, toOwner, toSession, toUser, type IdentityRow, type OwnerColumns, type SessionRow, type UserRow,
} from '../sql-rows.js';
import {
  StoreUnavailableError,
  type ApiKey, type InsertKeyResult, type InsertResult, type KeyAndOwner, type KeyOwner, type Session, type Store, type StoreChange, type StoreChangeListener,
} from '../store.js';
import { CHANGE_CHANNEL, PostgresChangeFeed } from './change-feed.js';
import { migrate } from './migrations.js';
import { toApp, toKey, type AppRow, type KeyRow } from './rows.js';

type Queryable = pg.Pool | pg.PoolClient;

const INT8_OID = 20;
/** Timestamps are BIGINT milliseconds, far inside Number's exact range. */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
// 08: connection exceptions; 57P01-57P03: admin or crash shutdown, cannot connect now; 53300: too many connections.
const UNAVAILABLE_SQLSTATES = /^(08...|57P0[123]|53300)$/;

function isConnectionFailure(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (code && (CONNECTION_ERRNOS.has(code) || UNAVAILABLE_SQLSTATES.test(code))) return true;
  return /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect/i.test(message ?? '');
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

function ownerClause(owner: KeyOwner, parameter: number): { sql: string; value: string } {
  return owner.kind === 'user'
    ? { sql: `kind = 'user' AND user_id = $${parameter}`, value: owner.userId }
    : { sql: `kind = 'server' AND app_id = $${parameter}`, value: owner.appId };
}

const DEFAULT_POOL_SIZE = 10;
const relaxedPoolSize = (poolSize: number) => Math.max(2, Math.ceil(poolSize / 2));

/** The most connections one node opens: its pool, the relaxed pool for new sessions, and the LISTEN connection. */
export function connectionsPerNode(poolSize = DEFAULT_POOL_SIZE): number {
  return poolSize + relaxedPoolSize(poolSize) + 1;
}

export interface PostgresStoreOptions {
  /** Connections in the pool per node. */
  poolSize?: number;
  onBackgroundError?: (error: Error) => void;
  /** The change feed went down (caches are bypassed) or came back (caches resynced). */
  onChangeFeedLive?: (live: boolean) => void;
}

/**
 * The PostgreSQL store: a pg pool, for deployments of several nodes on one database.
 * Invariants are held by the database: unique indexes, cascades, and row locks around the
 * key-limit check (the owner's row is locked, so concurrent creates for one user serialise
 * whichever node they land on). Connection failures become StoreUnavailableError (503), and
 * the pool reconnects by itself when the database returns.
 */
export class PostgresStore implements Store {
  private constructor(
    private readonly pool: pg.Pool,
    /** Connections with synchronous_commit off, for writes that may be lost in a crash (new sessions only). */
    private readonly relaxedPool: pg.Pool,
    private readonly feed: PostgresChangeFeed,
  ) {}

  static async connect(connectionString: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const url = new URL(connectionString);
    const newPool = (max: number, extraOptions = '') => {
      const withOptions = new URL(url);
      if (extraOptions) withOptions.searchParams.set('options', [url.searchParams.get('options'), extraOptions].filter(Boolean).join(' '));
      const pool = new pg.Pool({
        connectionString: withOptions.toString(),
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
    };
    const pool = newPool(options.poolSize ?? DEFAULT_POOL_SIZE);
    // A login's session may be lost in a database crash (the user logs in again), so its insert
    // need not wait for the WAL flush; measured, that flush is most of a login's time here.
    // Everything that takes access away still commits synchronously, on the main pool.
    const relaxedPool = newPool(relaxedPoolSize(options.poolSize ?? DEFAULT_POOL_SIZE), '-c synchronous_commit=off');
    const feed = new PostgresChangeFeed(connectionString, (error) => options.onBackgroundError?.(error), (live) => options.onChangeFeedLive?.(live));
    const store = new PostgresStore(pool, relaxedPool, feed);
    try {
      await store.withClient((client) => migrate(client));
      await feed.start();
    } catch (error) {
      await feed.close();
      await Promise.all([pool.end(), relaxedPool.end()]);
      throw error;
    }
    return store;
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw isConnectionFailure(error) && !(error instanceof StoreUnavailableError) ? new StoreUnavailableError(error) : error;
    }
  }

  private async rows<R extends pg.QueryResultRow>(sql: string, params: unknown[] = [], on: Queryable = this.pool): Promise<R[]> {
    return this.run(async () => (await on.query<R>(sql, params)).rows);
  }

  private async count(sql: string, params: unknown[], on: Queryable = this.pool): Promise<number> {
    return this.run(async () => (await on.query(sql, params)).rowCount ?? 0);
  }

  private async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.run(() => this.pool.connect());
    let broken = false;
    try {
      return await work(client);
    } catch (error) {
      broken = isConnectionFailure(error);
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.run(() =>
      this.withClient(async (client) => {
        await client.query('BEGIN');
        try {
          const result = await work(client);
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    );
  }

  async close(): Promise<void> {
    await this.feed.close();
    await Promise.all([this.pool.end(), this.relaxedPool.end()]);
  }

  subscribe(listener: StoreChangeListener): () => void {
    return this.feed.subscribe(listener);
  }

  changesAreLive(): boolean {
    return this.feed.live;
  }

  /** Tells every node (this one included, through its own LISTEN) about a change. */
  private announce(change: StoreChange, on: pg.PoolClient): Promise<number> {
    return this.count('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, JSON.stringify(change)], on);
  }

  /**
   * Runs a change that caches must hear of (a revocation, a key or app change) and its
   * announcement in one transaction, so other nodes hear of it exactly when it commits (a
   * crash in between can neither lose the notice nor send it for a change that did not
   * happen); this node's own caches hear before the call resolves.
   */
  private async changeAndAnnounce(change: StoreChange | StoreChange[], work: (client: pg.PoolClient) => Promise<boolean>): Promise<boolean> {
    const changes = Array.isArray(change) ? change : [change];
    const changed = await this.transaction(async (client) => {
      const done = await work(client);
      if (done) for (const each of changes) await this.announce(each, client);
      return done;
    });
    if (changed) for (const each of changes) this.feed.emitLocal(each);
    return changed;
  }

  /** What caches must hear of a change to a key: `more`, and for a user's key, that user's key list. */
  private keyChanges(owner: KeyOwner, ...more: StoreChange[]): StoreChange[] {
    return owner.kind === 'user' ? [...more, { kind: 'keys', userId: owner.userId }] : more;
  }

  async insertServerSecretIfAbsent(name: string, value: string): Promise<string> {
    await this.count('INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, value]);
    const [row] = await this.rows<{ value: string }>('SELECT value FROM server_secrets WHERE name = $1', [name]);
    if (!row) throw new Error(`server secret ${name} vanished`);
    return row.value;
  }

  async insertApp(app: App): Promise<InsertResult> {
    try {
      await this.changeAndAnnounce({ kind: 'apps' }, async (client) =>
        (await this.count('INSERT INTO apps (id, client_app_id, name, settings, created_at) VALUES ($1, $2, $3, $4, $5)', [
          app.id, app.clientAppId, app.name, JSON.stringify(app.settings), app.createdAt,
        ], client)) === 1);
      return 'inserted';
    } catch (error) {
      if (isUniqueViolation(error)) return 'duplicate';
      throw error;
    }
  }

  async findAppByClientId(clientAppId: string): Promise<App | null> {
    const [row] = await this.rows<AppRow>('SELECT * FROM apps WHERE client_app_id = $1', [clientAppId]);
    return row ? toApp(row) : null;
  }

  async findAppById(id: string): Promise<App | null> {
    const [row] = await this.rows<AppRow>('SELECT * FROM apps WHERE id = $1', [id]);
    return row ? toApp(row) : null;
  }

  async listApps(): Promise<App[]> {
    return (await this.rows<AppRow>('SELECT * FROM apps ORDER BY created_at, id')).map(toApp);
  }

  async updateAppSettings(appId: string, settings: AppSettings): Promise<void> {
    await this.changeAndAnnounce({ kind: 'apps' }, async (client) =>
      (await this.count('UPDATE apps SET settings = $1 WHERE id = $2', [JSON.stringify(settings), appId], client)) === 1);
  }

  private insertIdentityRow(identity: Identity, on: Queryable = this.pool): Promise<number> {
    return this.count(
      'INSERT INTO identities (id, app_id, user_id, provider_type, email, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [identity.id, identity.appId, identity.userId, identity.providerType, identity.email, identity.passwordHash, identity.createdAt],
      on,
    );
  }

  private insertUserRow(user: User, on: Queryable): Promise<number> {
    return this.count('INSERT INTO users (id, app_id, type, created_at, custom_data) VALUES ($1, $2, $3, $4, $5)', [
      user.id, user.appId, user.type, user.createdAt, JSON.stringify(user.customData),
    ], on);
  }

  async insertPasswordIdentity(identity: Identity): Promise<InsertResult> {
    try {
      await this.insertIdentityRow(identity);
      return 'inserted';
    } catch (error) {
      if (isUniqueViolation(error)) return 'duplicate';
      throw error;
    }
  }

  async findPasswordIdentity(appId: string, email: string): Promise<Identity | null> {
    const [row] = await this.rows<IdentityRow>('SELECT * FROM identities WHERE app_id = $1 AND email = $2', [appId, email]);
    return row ? toIdentity(row) : null;
  }

  async claimIdentity(identityId: string, newUser: User): Promise<string> {
    return this.transaction(async (client) => {
      const [row] = await this.rows<{ user_id: string | null }>('SELECT user_id FROM identities WHERE id = $1 FOR UPDATE', [identityId], client);
      if (!row) throw new Error(`identity ${identityId} vanished while being claimed`);
      if (row.user_id) return row.user_id;
      await this.insertUserRow(newUser, client);
      await this.count('UPDATE identities SET user_id = $1 WHERE id = $2', [newUser.id, identityId], client);
      return newUser.id;
    });
  }

  async linkIdentity(identityId: string, userId: string): Promise<boolean> {
    return this.changeAndAnnounce({ kind: 'identities', userId }, async (client) =>
      (await this.count('UPDATE identities SET user_id = $1 WHERE id = $2 AND (user_id IS NULL OR user_id = $1)', [userId, identityId], client)) === 1);
  }

  async insertUserWithIdentity(user: User, identity: Identity): Promise<void> {
    await this.transaction(async (client) => {
      await this.insertUserRow(user, client);
      await this.insertIdentityRow(identity, client);
    });
  }

  async findUser(appId: string, userId: string): Promise<User | null> {
    const [row] = await this.rows<UserRow>('SELECT * FROM users WHERE id = $1 AND app_id = $2', [userId, appId]);
    return row ? toUser(row) : null;
  }

  async updateCustomUserData(appId: string, userId: string, customData: CustomUserData): Promise<boolean> {
    return this.changeAndAnnounce({ kind: 'user', userId }, async (client) =>
      (await this.count('UPDATE users SET custom_data = $1 WHERE id = $2 AND app_id = $3', [JSON.stringify(customData), userId, appId], client)) === 1);
  }

  async listIdentities(userId: string): Promise<Identity[]> {
    return (await this.rows<IdentityRow>('SELECT * FROM identities WHERE user_id = $1 ORDER BY created_at, id', [userId])).map(toIdentity);
  }

  async deleteUser(appId: string, userId: string): Promise<boolean> {
    return this.changeAndAnnounce({ kind: 'sessions-revoked', userId }, async (client) =>
      (await this.count('DELETE FROM users WHERE id = $1 AND app_id = $2', [userId, appId], client)) === 1);
  }

  async deleteAbandonedAnonymousUsers(appId: string, createdBefore: number, now: number, limit: number): Promise<number> {
    return this.count(`DELETE FROM users WHERE id IN (
        SELECT u.id FROM users u
        WHERE u.app_id = $1 AND u.type = 'normal' AND u.created_at < $2
          AND EXISTS (SELECT 1 FROM identities i WHERE i.user_id = u.id AND i.provider_type = 'anon-user')
          AND NOT EXISTS (SELECT 1 FROM identities i WHERE i.user_id = u.id AND i.provider_type <> 'anon-user')
          AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id AND s.expires_at > $3)
        LIMIT $4)`, [appId, createdBefore, now, limit]);
  }

  async insertSession(session: Session): Promise<boolean> {
    const columns = 'INSERT INTO sessions (id, app_id, user_id, key_id, refresh_hash, device_id, created_at, expires_at)';
    // FOR SHARE waits for a concurrent disable or delete of the key to commit, then sees it:
    // a session is either refused here or inserted early enough for the revocation to remove it.
    const sql = session.keyId
      ? `${columns} SELECT $1, $2, $3, $4, $5, $6, $7, $8 FROM api_keys WHERE id = $4 AND NOT disabled FOR SHARE`
      : `${columns} VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;
    try {
      return (await this.count(sql, [
        session.id, session.appId, session.userId, session.keyId, session.refreshHash, session.deviceId, session.createdAt, session.expiresAt,
      ], this.relaxedPool)) === 1;
    } catch (error) {
      // The user was deleted between the login's checks and this insert.
      if ((error as { code?: string }).code === '23503') return false;
      throw error;
    }
  }

  async findSessionById(sessionId: string): Promise<Session | null> {
    const [row] = await this.rows<SessionRow>('SELECT * FROM sessions WHERE id = $1', [sessionId]);
    return row ? toSession(row) : null;
  }

  async deleteSession(sessionId: string): Promise<boolean> {
    return this.changeAndAnnounce({ kind: 'sessions-revoked', sessionId }, async (client) =>
      (await this.count('DELETE FROM sessions WHERE id = $1', [sessionId], client)) === 1);
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    return this.count('DELETE FROM sessions WHERE expires_at <= $1', [now]);
  }

  private insertKeyRow(key: ApiKey, on: Queryable): Promise<number> {
    return this.count(
      'INSERT INTO api_keys (id, app_id, user_id, kind, name, secret_hash, disabled, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [key.id, key.appId, key.userId, key.kind, key.name, key.secretHash, key.disabled, key.createdAt],
      on,
    );
  }

  /** Locks `lockSql`'s row (the owner), counts under that lock, then inserts: a limit that holds across nodes. */
  private async insertKeyUnderLimit(
    lockSql: string, countSql: string, scope: string, limit: number, insert: (client: pg.PoolClient) => Promise<void>,
  ): Promise<InsertKeyResult> {
    try {
      return await this.transaction(async (client) => {
        await this.count(lockSql, [scope], client);
        const [row] = await this.rows<{ n: number }>(countSql, [scope], client);
        if ((row?.n ?? 0) >= limit) return 'limit';
        await insert(client);
        return 'inserted';
      });
    } catch (error) {
      if (isUniqueViolation(error)) return 'duplicate';
      throw error;
    }
  }

  async insertUserKeyIfUnderLimit(key: ApiKey, limit: number): Promise<InsertKeyResult> {
    const change: StoreChange = { kind: 'keys', userId: key.userId };
    const result = await this.insertKeyUnderLimit(
      'SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE',
      "SELECT COUNT(*)::int AS n FROM api_keys WHERE user_id = $1 AND kind = 'user'",
      key.userId, limit, async (client) => {
        await this.insertKeyRow(key, client);
        await this.announce(change, client);
      },
    );
    if (result === 'inserted') this.feed.emitLocal(change);
    return result;
  }

  async insertServerKeyIfUnderLimit(key: ApiKey, user: User, identity: Identity, limit: number): Promise<InsertKeyResult> {
    return this.insertKeyUnderLimit(
      'SELECT 1 FROM apps WHERE id = $1 FOR NO KEY UPDATE',
      "SELECT COUNT(*)::int AS n FROM api_keys WHERE app_id = $1 AND kind = 'server'",
      key.appId, limit, async (client) => {
        await this.insertUserRow(user, client);
        await this.insertIdentityRow(identity, client);
        await this.insertKeyRow(key, client);
      },
    );
  }

  async findKeyAndOwnerByHash(secretHash: Buffer): Promise<KeyAndOwner | null> {
    const [row] = await this.rows<KeyRow & OwnerColumns>(
      `SELECT k.*, ${OWNER_COLUMNS} FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.secret_hash = $1`, [secretHash],
    );
    return row ? { key: toKey(row), owner: toOwner(row) } : null;
  }

  async findKey(owner: KeyOwner, keyId: string): Promise<ApiKey | null> {
    const where = ownerClause(owner, 2);
    const [row] = await this.rows<KeyRow>(`SELECT * FROM api_keys WHERE id = $1 AND ${where.sql}`, [keyId, where.value]);
    return row ? toKey(row) : null;
  }

  async listKeys(owner: KeyOwner): Promise<ApiKey[]> {
    const where = ownerClause(owner, 1);
    return (await this.rows<KeyRow>(`SELECT * FROM api_keys WHERE ${where.sql} ORDER BY created_at, id`, [where.value])).map(toKey);
  }

  async setKeyDisabled(owner: KeyOwner, keyId: string, disabled: boolean): Promise<boolean> {
    const where = ownerClause(owner, 3);
    const update = async (client: pg.PoolClient) =>
      (await this.count(`UPDATE api_keys SET disabled = $1 WHERE id = $2 AND ${where.sql}`, [disabled, keyId, where.value], client)) === 1;
    if (!disabled) return this.changeAndAnnounce(this.keyChanges(owner), update);
    return this.changeAndAnnounce(this.keyChanges(owner, { kind: 'sessions-revoked', keyId }), async (client) => {
      if (!(await update(client))) return false;
      await this.count('DELETE FROM sessions WHERE key_id = $1', [keyId], client);
      return true;
    });
  }

  async deleteKey(owner: KeyOwner, keyId: string): Promise<boolean> {
    const where = ownerClause(owner, 2);
    // Foreign keys cascade the key's sessions; a server key's user exists only through the key.
    const sql =
      owner.kind === 'server'
        ? `DELETE FROM users WHERE id = (SELECT user_id FROM api_keys WHERE id = $1 AND ${where.sql})`
        : `DELETE FROM api_keys WHERE id = $1 AND ${where.sql}`;
    return this.changeAndAnnounce(this.keyChanges(owner, { kind: 'sessions-revoked', keyId }), async (client) => (await this.count(sql, [keyId, where.value], client)) === 1);
  }
}
