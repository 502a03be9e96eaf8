/**
 * What a deployment export holds, table by table, in an order in which every row's references
 * come before it (apps, then users, then what users own). Each column has a logical type, the
 * same in both databases, so a file written from one store loads into the other:
 *
 * - `text` and `jsonText` (JSON kept exactly as written): strings;
 * - `integer`: times in milliseconds and counts, as JSON numbers;
 * - `boolean`: true or false (SQLite stores 0 and 1);
 * - `bytes`: base64;
 * - `json`: an app's settings, which PostgreSQL keeps as JSONB (reordering keys): written with
 *   sorted keys, so the same settings are the same text from either store.
 *
 * The store suite (store-suite/deployment.ts) holds this list to both databases' catalogs: a migration that
 * adds a table or column fails it until the column is listed here (or named in NOT_EXPORTED).
 */
export type ColumnType = 'text' | 'jsonText' | 'json' | 'integer' | 'boolean' | 'bytes';

export interface ExportedTable {
  name: string;
  columns: readonly (readonly [name: string, type: ColumnType])[];
  /** Only these rows (a SQL condition over the snapshot's time, `?`): live sessions, say. */
  where?: string;
  /** Left out unless asked for. */
  optional?: 'audit_log';
}

const t = (name: string, columns: ExportedTable['columns'], extra: Partial<ExportedTable> = {}): ExportedTable => ({
  name,
  columns,
  ...extra,
});

export const EXPORTED_TABLES: readonly ExportedTable[] = [
  // Only the signing keys: the admin token is each server's own, the OAuth state key seals
  // flows minutes long, and the other markers describe this database's own history.
  t(
    'server_secrets',
    [
      ['name', 'text'],
      ['value', 'text'],
    ],
    { where: "name = 'signing-keys'" },
  ),
  t('apps', [
    ['id', 'text'],
    ['client_app_id', 'text'],
    ['name', 'text'],
    ['settings', 'json'],
    ['created_at', 'integer'],
    ['webhook_secret', 'text'],
  ]),
  t('users', [
    ['id', 'text'],
    ['app_id', 'text'],
    ['type', 'text'],
    ['created_at', 'integer'],
    ['custom_data', 'jsonText'],
    ['disabled', 'boolean'],
    ['last_login_at', 'integer'],
    ['profile_data', 'jsonText'],
    ['imported_at', 'integer'],
  ]),
  t('identities', [
    ['id', 'text'],
    ['app_id', 'text'],
    ['user_id', 'text'],
    ['provider_type', 'text'],
    ['email', 'text'],
    ['password_hash', 'text'],
    ['created_at', 'integer'],
    ['confirmed', 'boolean'],
    ['last_confirm_mail_at', 'integer'],
    ['last_reset_mail_at', 'integer'],
    ['external_id', 'text'],
    ['provider_id', 'text'],
    ['provider_data', 'jsonText'],
  ]),
  t('api_keys', [
    ['id', 'text'],
    ['app_id', 'text'],
    ['user_id', 'text'],
    ['kind', 'text'],
    ['name', 'text'],
    ['secret_hash', 'bytes'],
    ['disabled', 'boolean'],
    ['created_at', 'integer'],
    ['last_used_at', 'integer'],
    ['expires_at', 'integer'],
    ['scopes', 'jsonText'],
    ['previous_secret_hash', 'bytes'],
    ['previous_valid_until', 'integer'],
  ]),
  // Live sessions only: an expired one can never be refreshed again.
  t(
    'sessions',
    [
      ['id', 'text'],
      ['app_id', 'text'],
      ['user_id', 'text'],
      ['key_id', 'text'],
      ['refresh_hash', 'bytes'],
      ['device_id', 'text'],
      ['created_at', 'integer'],
      ['expires_at', 'integer'],
      ['scopes', 'jsonText'],
    ],
    { where: 'expires_at > ?' },
  ),
  t('userpass_tokens', [
    ['id', 'text'],
    ['app_id', 'text'],
    ['identity_id', 'text'],
    ['purpose', 'text'],
    ['token_hash', 'bytes'],
    ['created_at', 'integer'],
    ['expires_at', 'integer'],
  ]),
  t('mail_outbox', [
    ['id', 'text'],
    ['app_id', 'text'],
    ['identity_id', 'text'],
    ['kind', 'text'],
    ['to_address', 'text'],
    ['attempts', 'integer'],
    ['next_attempt_at', 'integer'],
    ['claimed_until', 'integer'],
    ['last_error', 'text'],
    ['failed_at', 'integer'],
    ['created_at', 'integer'],
  ]),
  // The password throttle's counts move too: a guesser blocked before the move stays blocked.
  t('password_failures', [
    ['app_id', 'text'],
    ['email', 'text'],
    ['ip', 'text'],
    ['failures', 'integer'],
    ['blocked_until', 'integer'],
    ['updated_at', 'integer'],
  ]),
  t('password_known_addresses', [
    ['app_id', 'text'],
    ['email', 'text'],
    ['ip', 'text'],
    ['last_success_at', 'integer'],
  ]),
  // Leaked keys reported but not yet revoked: the new store carries the revocation out.
  t('revocation_requests', [
    ['id', 'text'],
    ['secret_hashes', 'jsonText'],
    ['ip', 'text'],
    ['user_agent', 'text'],
    ['requested_at', 'integer'],
  ]),
  t(
    'audit_events',
    [
      ['app_id', 'text'],
      ['id', 'text'],
      ['type', 'text'],
      ['at', 'integer'],
      ['actor', 'text'],
      ['user_id', 'text'],
      ['key_id', 'text'],
      ['ip', 'text'],
      ['user_agent', 'text'],
      ['detail', 'jsonText'],
    ],
    { optional: 'audit_log' },
  ),
];

/** Tables that never move: the schema's own history (the file names its version instead). */
export const NOT_EXPORTED = ['schema_migrations'] as const;

export function exportedTable(name: string): ExportedTable | undefined {
  return EXPORTED_TABLES.find((table) => table.name === name);
}
