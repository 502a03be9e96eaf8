import type { PoolClient } from 'pg';

/**
 * Versioned schema changes, applied in order at start, each in its own transaction. Nodes
 * starting together serialise on an advisory lock, so each migration runs once.
 * Never edit a migration that has shipped: append a new one.
 */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE apps (
    id TEXT PRIMARY KEY,
    client_app_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    settings JSONB NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('normal', 'server')),
    created_at BIGINT NOT NULL
  );
  CREATE INDEX users_app ON users(app_id);
  CREATE TABLE identities (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
    provider_type TEXT NOT NULL,
    email TEXT,
    password_hash TEXT,
    created_at BIGINT NOT NULL
  );
  CREATE UNIQUE INDEX identities_app_email ON identities(app_id, email) WHERE email IS NOT NULL;
  -- Lists come back in creation order straight from these indexes, with no sort per query.
  CREATE INDEX identities_user ON identities(user_id, created_at, id);
  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('user', 'server')),
    name TEXT NOT NULL,
    secret_hash BYTEA NOT NULL UNIQUE,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
  );
  CREATE UNIQUE INDEX api_keys_user_name ON api_keys(user_id, name);
  CREATE UNIQUE INDEX api_keys_server_name ON api_keys(app_id, name) WHERE kind = 'server';
  CREATE INDEX api_keys_user_order ON api_keys(user_id, created_at, id);
  CREATE INDEX api_keys_server_order ON api_keys(app_id, created_at, id) WHERE kind = 'server';
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key_id TEXT REFERENCES api_keys(id) ON DELETE CASCADE,
    refresh_hash BYTEA NOT NULL,
    device_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX sessions_user ON sessions(user_id);
  CREATE INDEX sessions_key ON sessions(key_id) WHERE key_id IS NOT NULL;
  CREATE INDEX sessions_expiry ON sessions(expires_at);
  CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  `
  ALTER TABLE users ADD COLUMN custom_data TEXT NOT NULL DEFAULT '{}';
  `,
];

/** An arbitrary constant naming Latchkey's migration lock among the database's advisory locks. */
const MIGRATION_LOCK = 7_425_301_994;

export async function migrate(client: PoolClient): Promise<number> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const { rows } = await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations');
    const current = rows[0]?.version ?? 0;
    for (const [index, sql] of MIGRATIONS.entries()) {
      const version = index + 1;
      if (version <= current) continue;
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version, Date.now()]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    return MIGRATIONS.length;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}
