import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { ChangeListeners } from '../change-listeners.js';
import { drive } from '../sql/driver.js';
import { migrationsFor } from '../sql/migrations.js';
import { SqlStore } from '../sql/sql-store.js';
const SQLITE = { name: 'sqlite', lockForUpdate: '', lockForLogin: '', lockForRevocation: '', lockSkipLocked: '' };
/** SQLite binds no booleans: they are stored as 0 and 1. */
const bindable = (params) => params.map((value) => (typeof value === 'boolean' ? Number(value) : value));
/**
 * The embedded database: one better-sqlite3 connection in WAL mode, holding the file
 * exclusively. Every operation runs synchronously, start to finish, so nothing interleaves
 * with a transaction. Ordinary writes commit with synchronous=NORMAL; writes that take access
 * away switch the connection to synchronous=FULL for their commit, so an acknowledged
 * revocation survives a power loss (and, the WAL being flushed in order, so does every earlier
 * commit). New sessions and other grouped writes are group-committed: those arriving in one
 * turn of the event loop share one transaction, each in its own savepoint.
 */
class SqliteDriver {
    db;
    dialect = SQLITE;
    groupsCommits = true;
    statements = new Map();
    pending = [];
    // One process owns the database file, so its own writes are the only changes to announce.
    changes = new ChangeListeners();
    constructor(db) {
        this.db = db;
    }
    statement(sql) {
        let statement = this.statements.get(sql);
        if (!statement) {
            statement = this.db.prepare(sql);
            this.statements.set(sql, statement);
        }
        return statement;
    }
    perform(step, announced) {
        if (step.kind === 'rows')
            return this.statement(step.sql).all(...bindable(step.params));
        if (step.kind === 'run')
            return this.statement(step.sql).run(...bindable(step.params)).changes;
        if (!announced)
            throw new Error('an operation that announces a change must run in a transaction');
        announced.push(step.change);
        return undefined;
    }
    runNow(operation, options) {
        const announced = [];
        const body = () => drive(operation(), (step) => this.perform(step, options.transaction ? announced : null));
        if (!options.transaction)
            return body();
        const durable = options.durability === 'durable';
        if (durable)
            this.db.pragma('synchronous = FULL');
        try {
            // BEGIN IMMEDIATE: the write lock is taken up front, never upgraded halfway.
            const result = this.db.transaction(body).immediate();
            for (const change of announced)
                this.changes.emit(change);
            return result;
        }
        finally {
            if (durable)
                this.db.pragma('synchronous = NORMAL');
        }
    }
    async execute(operation, options) {
        if (options.durability === 'relaxed' || (options.grouped && options.durability === 'normal')) {
            return this.enqueue(operation, options.transaction);
        }
        return this.runNow(operation, options);
    }
    /**
     * Group commit: a commit costs far more than a row (about 48 µs against a few µs in WAL
     * mode), and logins and key creations arrive concurrently, so this is most of the cost of
     * their writes. Each operation's announcements are heard after the shared commit, and only
     * if its savepoint stood.
     */
    enqueue(operation, atomic) {
        return new Promise((resolve, reject) => {
            this.pending.push({ operation, atomic, resolve: resolve, reject });
            if (this.pending.length === 1)
                setImmediate(() => this.flush());
        });
    }
    flush() {
        const batch = this.pending;
        this.pending = [];
        if (batch.length === 0 || !this.db.open)
            return;
        const settle = [];
        const announced = [];
        try {
            this.db
                .transaction(() => {
                for (const { operation, atomic, resolve, reject } of batch) {
                    const own = [];
                    const body = () => drive(operation(), (step) => this.perform(step, own));
                    try {
                        // A nested transaction is a savepoint: one failing operation leaves the others whole.
                        // Without one (new sessions: one statement each, measured 10% of a login's CPU in
                        // SAVEPOINT and RELEASE), a failing statement is backed out alone by SQLite itself.
                        const value = atomic ? this.db.transaction(body)() : body();
                        announced.push(...own);
                        settle.push(() => resolve(value));
                    }
                    catch (error) {
                        settle.push(() => reject(error));
                    }
                }
            })
                .immediate();
            for (const change of announced)
                this.changes.emit(change);
            for (const done of settle)
                done();
        }
        catch (error) {
            for (const { reject } of batch)
                reject(error);
        }
    }
    isUniqueViolation(error) {
        const code = error.code;
        return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
    }
    isForeignKeyViolation(error) {
        return error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
    }
    subscribe(listener) {
        return this.changes.add(listener);
    }
    changesAreLive() {
        return true;
    }
    /**
     * SQLite's online backup, page by page, between which requests go on being served; writes
     * made meanwhile through this connection are carried into the copy, so it is consistent as
     * of its end.
     */
    async backupTo(path) {
        this.flush();
        await this.db.backup(path);
    }
    /**
     * SQLite leaves an overwritten row's old bytes in freed pages and in the write-ahead log:
     * checkpointed and truncated, then VACUUM rewrites the file from live rows only. Run once,
     * after secrets that were stored in clear were encrypted.
     */
    async scrubFreedSpace() {
        this.flush();
        this.db.pragma('wal_checkpoint(TRUNCATE)');
        this.db.exec('VACUUM');
        this.db.pragma('wal_checkpoint(TRUNCATE)');
    }
    async close() {
        this.flush();
        if (this.db.open)
            this.db.close();
    }
}
function migrate(db) {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get();
    const apply = db.transaction((version, sql) => {
        if (sql.trim())
            db.exec(sql);
        db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, Date.now());
    });
    migrationsFor('sqlite').forEach((sql, index) => {
        if (index + 1 > (row.version ?? 0))
            apply.immediate(index + 1, sql);
    });
}
/** The file holds the token-signing key: readable by its owner only (SQLite gives the WAL and shared-memory files the same mode). */
function createPrivately(path) {
    mkdirSync(dirname(path), { recursive: true });
    closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
}
/** Opens (creating and migrating if needed) the SQLite database at `path`, or `:memory:`. */
export function openSqliteStore(path) {
    if (path !== ':memory:')
        createPrivately(path);
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
        db.pragma('temp_store = MEMORY');
        migrate(db);
    }
    catch (error) {
        db.close();
        if (error.code === 'SQLITE_BUSY') {
            throw new Error(`${path} is in use by another process (is another Latchkey running on this data directory?)`, { cause: error });
        }
        throw error;
    }
    return new SqlStore(new SqliteDriver(db));
}
//# sourceMappingURL=sqlite-driver.js.map