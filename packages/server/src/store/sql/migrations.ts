import { TYPES, type ColumnTypes } from './column-types.js';
import type { Dialect } from './driver.js';
import { INSERT_USER_KEYS } from './postgres-functions.js';

/**
 * The schema's history, applied in order at start, each migration in its own transaction.
 * Never edit one that has shipped: append a new one. Where the dialects agree, a migration is
 * written once over the column types that differ; the first two predate the shared store and
 * keep the text each adapter shipped with (PostgreSQL created server_secrets in its first).
 */
type Migration = ((types: ColumnTypes) => string) | Record<Dialect['name'], string>;

const MIGRATIONS: Migration[] = [
  {
    sqlite: `
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
    postgres: `
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
  },
  {
    sqlite: `
  CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
    postgres: '',
  },
  (t) => `ALTER TABLE users ADD COLUMN custom_data ${t.jsonText} NOT NULL DEFAULT '{}'`,
  // Email confirmation and password reset: pending identities, single-use tokens, the mail queue.
  (t) => `
  ALTER TABLE identities ADD COLUMN confirmed ${t.boolean} NOT NULL DEFAULT ${t.true};
  ALTER TABLE identities ADD COLUMN last_confirm_mail_at ${t.timestamp};
  ALTER TABLE identities ADD COLUMN last_reset_mail_at ${t.timestamp};
  ALTER TABLE apps ADD COLUMN webhook_secret TEXT;
  CREATE INDEX identities_pending ON identities(app_id, created_at) WHERE NOT confirmed;
  CREATE TABLE userpass_tokens (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    identity_id TEXT NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('confirm', 'reset')),
    token_hash ${t.bytes} NOT NULL,
    created_at ${t.timestamp} NOT NULL,
    expires_at ${t.timestamp} NOT NULL
  );
  CREATE INDEX userpass_tokens_identity ON userpass_tokens(identity_id, purpose);
  CREATE INDEX userpass_tokens_expiry ON userpass_tokens(expires_at);
  CREATE TABLE mail_outbox (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    identity_id TEXT NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('confirm', 'reset')),
    to_address TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at ${t.timestamp} NOT NULL,
    claimed_until ${t.timestamp},
    last_error TEXT,
    failed_at ${t.timestamp},
    created_at ${t.timestamp} NOT NULL
  );
  CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at) WHERE failed_at IS NULL;
  `,
  // Operating it: disabled users, last logins, the audit log. Ids are time-ordered, so "newest
  // first" pages by id, and time ranges narrow by id too (no index on `at`): every index is a
  // write on each login, and the log is written at login rate.
  (t) => `
  ALTER TABLE users ADD COLUMN disabled ${t.boolean} NOT NULL DEFAULT ${t.false};
  ALTER TABLE users ADD COLUMN last_login_at ${t.timestamp};
  CREATE INDEX users_app_newest ON users(app_id, id);
  CREATE INDEX identities_app_provider ON identities(app_id, provider_type, user_id);
  CREATE TABLE audit_events (
    app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    at ${t.timestamp} NOT NULL,
    actor TEXT NOT NULL,
    user_id TEXT,
    key_id TEXT,
    ip TEXT,
    user_agent TEXT,
    detail ${t.jsonText} NOT NULL DEFAULT '{}',
    PRIMARY KEY (app_id, id)
  ) ${t.clusteredByKey};
  CREATE INDEX audit_events_user ON audit_events(app_id, user_id, id) WHERE user_id IS NOT NULL;
  CREATE INDEX audit_events_key ON audit_events(app_id, key_id, id) WHERE key_id IS NOT NULL;
  CREATE INDEX audit_events_type ON audit_events(app_id, type, id);
  `,
  // Keys beyond App Services: last use, expiry, scopes, and the previous secret of a rotated
  // key during its grace period. Sessions keep the scopes they were opened with, so a refresh
  // mints the same `scope` claim without reading the key.
  (t) => `
  ALTER TABLE api_keys ADD COLUMN last_used_at ${t.timestamp};
  ALTER TABLE api_keys ADD COLUMN expires_at ${t.timestamp};
  ALTER TABLE api_keys ADD COLUMN scopes ${t.jsonText};
  ALTER TABLE api_keys ADD COLUMN previous_secret_hash ${t.bytes};
  ALTER TABLE api_keys ADD COLUMN previous_valid_until ${t.timestamp};
  CREATE UNIQUE INDEX api_keys_previous_secret ON api_keys(previous_secret_hash) WHERE previous_secret_hash IS NOT NULL;
  ALTER TABLE sessions ADD COLUMN scopes ${t.jsonText};
  `,
  // Failed password logins per account and address (ip '' is the account across addresses),
  // counted in the database so the throttle holds across nodes.
  (t) => `
  CREATE TABLE password_failures (
    app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    ip TEXT NOT NULL,
    failures INTEGER NOT NULL,
    blocked_until ${t.timestamp} NOT NULL,
    updated_at ${t.timestamp} NOT NULL,
    PRIMARY KEY (app_id, email, ip)
  ) ${t.clusteredByKey};
  CREATE INDEX password_failures_age ON password_failures(updated_at);
  `,
  // A user's keys by owner and kind: the count under the per-user limit and the list then read
  // the index alone instead of every key's row (key creation spent most of its time there
  // with 1,000 keys a user; the count filters on kind).
  () => `
  DROP INDEX api_keys_user_order;
  CREATE INDEX api_keys_user_order ON api_keys(user_id, kind, created_at, id);
  `,
  // Addresses from which an account's password was given correctly: the account-wide throttle
  // does not shut them out, so failures from elsewhere cannot lock the owner out.
  (t) => `
  CREATE TABLE password_known_addresses (
    app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    ip TEXT NOT NULL,
    last_success_at ${t.timestamp} NOT NULL,
    PRIMARY KEY (app_id, email, ip)
  ) ${t.clusteredByKey};
  CREATE INDEX password_known_addresses_age ON password_known_addresses(last_success_at);
  `,
  // Leaked-key revocations asked for by value: kept durably before the request is answered, and
  // carried out after the answer, so the answer (and its time) is the same whether a key existed.
  (t) => `
  CREATE TABLE revocation_requests (
    id TEXT PRIMARY KEY,
    secret_hashes ${t.jsonText} NOT NULL,
    ip TEXT,
    user_agent TEXT,
    requested_at ${t.timestamp} NOT NULL
  );
  `,
  // Users moved in from App Services (or another system) keep what they came with: the profile
  // data it reported, when they were imported, and each identity's own id at its provider (which
  // the profile reports, and by which a provider's login finds it again), the provider's config
  // id and data. The partial index lists imported email users still without a password.
  (t) => `
  ALTER TABLE users ADD COLUMN profile_data ${t.jsonText};
  ALTER TABLE users ADD COLUMN imported_at ${t.timestamp};
  ALTER TABLE identities ADD COLUMN external_id TEXT;
  ALTER TABLE identities ADD COLUMN provider_id TEXT;
  ALTER TABLE identities ADD COLUMN provider_data ${t.jsonText};
  CREATE UNIQUE INDEX identities_external ON identities(app_id, provider_type, external_id) WHERE external_id IS NOT NULL;
  CREATE INDEX identities_without_password ON identities(app_id, id)
    WHERE provider_type = 'local-userpass' AND password_hash IS NULL AND user_id IS NOT NULL;
  `,
  // PostgreSQL creates user keys in one statement, a batch at a time (key-queries.ts,
  // insertUserKeysInOneStatement): for each, lock the owner (as lockForUpdate does), count under
  // that lock (each statement of a function reads afresh under READ COMMITTED), insert, notify.
  { sqlite: '', postgres: INSERT_USER_KEYS },
];

/** The SQL of every migration for one dialect, in order; version n is index n - 1. */
export function migrationsFor(dialect: Dialect['name']): string[] {
  return MIGRATIONS.map((migration) => (typeof migration === 'function' ? migration(TYPES[dialect]) : migration[dialect]));
}
