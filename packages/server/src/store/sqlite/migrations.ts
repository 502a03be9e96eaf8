import type { Database } from 'better-sqlite3';

/**
 * Versioned schema changes, applied in order at start inside one transaction each. Never edit
 * a migration that has shipped: append a new one.
 */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE apps (
    id TEXT PRIMARY KEY,
    client_app_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    settings TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('normal', 'server')),
    created_at INTEGER NOT NULL
  );
  CREATE INDEX users_app ON users(app_id);
  CREATE TABLE identities (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
    provider_type TEXT NOT NULL,
    email TEXT,
    password_hash TEXT,
    created_at INTEGER NOT NULL
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
    secret_hash BLOB NOT NULL UNIQUE,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
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
    refresh_hash BLOB NOT NULL,
    device_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_user ON sessions(user_id);
  CREATE INDEX sessions_key ON sessions(key_id) WHERE key_id IS NOT NULL;
  CREATE INDEX sessions_expiry ON sessions(expires_at);
  `,
  `
  CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  `
  ALTER TABLE users ADD COLUMN custom_data TEXT NOT NULL DEFAULT '{}';
  `,
];

export function migrate(db: Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  const current = row.version ?? 0;
  const apply = db.transaction((version: number, sql: string) => {
    db.exec(sql);
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, Date.now());
  });
  MIGRATIONS.forEach((sql, index) => {
    const version = index + 1;
    if (version > current) apply.immediate(version, sql);
  });
  return MIGRATIONS.length;
}
