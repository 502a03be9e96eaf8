import { type AppSettings } from '@latchkey/protocol';
import type { ApiKey } from '../../model/api-keys.js';
import type { AuditEvent } from '../../model/audit-events.js';
import { withDefaultSettings, type App } from '../../model/apps.js';
import type { CustomUserData } from '../../model/custom-data.js';
import type { OutboxMail } from '../../model/mail.js';
import type { UserpassToken } from '../../model/email-tokens.js';
import type { Session } from '../../model/sessions.js';
import type { Identity, User } from '../../model/users.js';

/**
 * Rows as either database returns them, and their one mapper each. The dialects differ only
 * in representation, which the mappers absorb: booleans are 0/1 in SQLite, JSON columns are
 * text in SQLite and parsed JSONB in PostgreSQL (app settings); timestamps are integers of
 * milliseconds in both (PostgreSQL's BIGINT is parsed to a number by the driver).
 */
export interface AppRow {
  id: string;
  client_app_id: string;
  name: string;
  settings: string | Partial<AppSettings>;
  webhook_secret: string | null;
  created_at: number;
}
export interface UserRow {
  id: string;
  app_id: string;
  type: User['type'];
  created_at: number;
  custom_data: string;
  disabled: number | boolean;
  last_login_at: number | null;
  profile_data: string | null;
  imported_at: number | null;
}
export interface AuditRow {
  id: string;
  app_id: string;
  type: AuditEvent['type'];
  at: number;
  actor: string;
  user_id: string | null;
  key_id: string | null;
  ip: string | null;
  user_agent: string | null;
  detail: string;
}
export interface IdentityRow {
  id: string;
  app_id: string;
  user_id: string | null;
  provider_type: Identity['providerType'];
  email: string | null;
  password_hash: string | null;
  confirmed: number | boolean;
  created_at: number;
  external_id: string | null;
  provider_id: string | null;
  provider_data: string | null;
}
export interface TokenRow {
  id: string;
  app_id: string;
  identity_id: string;
  purpose: UserpassToken['purpose'];
  token_hash: Buffer;
  created_at: number;
  expires_at: number;
}
export interface MailRow {
  id: string;
  app_id: string;
  identity_id: string;
  kind: OutboxMail['kind'];
  to_address: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  failed_at: number | null;
  created_at: number;
}
export interface SessionRow {
  id: string;
  app_id: string;
  user_id: string;
  key_id: string | null;
  refresh_hash: Buffer;
  device_id: string;
  created_at: number;
  expires_at: number;
  scopes: string | null;
}
export interface KeyRow {
  id: string;
  app_id: string;
  user_id: string;
  kind: ApiKey['kind'];
  name: string;
  secret_hash: Buffer;
  disabled: number | boolean;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
  scopes: string | null;
  previous_secret_hash: Buffer | null;
  previous_valid_until: number | null;
}
/** The owner's columns a login reads beside its key, named apart from the key's own. */
export interface OwnerColumns {
  owner_type: User['type'];
  owner_created_at: number;
  owner_custom_data: string;
  owner_disabled: number | boolean;
  owner_last_login_at: number | null;
  owner_profile_data: string | null;
  owner_imported_at: number | null;
}
export const OWNER_COLUMNS =
  'u.type AS owner_type, u.created_at AS owner_created_at, u.custom_data AS owner_custom_data, u.disabled AS owner_disabled, u.last_login_at AS owner_last_login_at, ' +
  'u.profile_data AS owner_profile_data, u.imported_at AS owner_imported_at';

const json = <T>(value: string | T): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

export const toApp = (r: AppRow): App => ({
  id: r.id,
  clientAppId: r.client_app_id,
  name: r.name,
  settings: withDefaultSettings(json(r.settings)),
  webhookSecret: r.webhook_secret ?? null,
  createdAt: r.created_at,
});
export const toUser = (r: UserRow): User => ({
  id: r.id,
  appId: r.app_id,
  type: r.type,
  createdAt: r.created_at,
  customData: json<CustomUserData>(r.custom_data),
  disabled: Boolean(r.disabled),
  lastLoginAt: r.last_login_at ?? null,
  profileData: r.profile_data ? json<Record<string, unknown>>(r.profile_data) : null,
  importedAt: r.imported_at ?? null,
});
export const toIdentity = (r: IdentityRow): Identity => ({
  id: r.id,
  appId: r.app_id,
  userId: r.user_id,
  providerType: r.provider_type,
  email: r.email,
  passwordHash: r.password_hash,
  confirmed: Boolean(r.confirmed),
  createdAt: r.created_at,
  externalId: r.external_id ?? null,
  providerId: r.provider_id ?? null,
  providerData: r.provider_data ? json<Record<string, unknown>>(r.provider_data) : null,
});
export const toSession = (r: SessionRow): Session => ({
  id: r.id,
  appId: r.app_id,
  userId: r.user_id,
  keyId: r.key_id,
  refreshHash: r.refresh_hash,
  deviceId: r.device_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  scopes: r.scopes === null ? null : (JSON.parse(r.scopes) as string[]),
});
export const toKey = (r: KeyRow): ApiKey => ({
  id: r.id,
  appId: r.app_id,
  userId: r.user_id,
  kind: r.kind,
  name: r.name,
  secretHash: r.secret_hash,
  disabled: Boolean(r.disabled),
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  expiresAt: r.expires_at,
  scopes: r.scopes === null ? null : (JSON.parse(r.scopes) as string[]),
  previousSecretHash: r.previous_secret_hash,
  previousValidUntil: r.previous_valid_until,
});
export const toOwner = (r: OwnerColumns & { app_id: string; user_id: string }): User => ({
  id: r.user_id,
  appId: r.app_id,
  type: r.owner_type,
  createdAt: r.owner_created_at,
  customData: json<CustomUserData>(r.owner_custom_data),
  disabled: Boolean(r.owner_disabled),
  lastLoginAt: r.owner_last_login_at ?? null,
  profileData: r.owner_profile_data ? json<Record<string, unknown>>(r.owner_profile_data) : null,
  importedAt: r.owner_imported_at ?? null,
});
export const toToken = (r: TokenRow): UserpassToken => ({
  id: r.id,
  appId: r.app_id,
  identityId: r.identity_id,
  purpose: r.purpose,
  tokenHash: r.token_hash,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});
export const toMail = (r: MailRow): OutboxMail => ({
  id: r.id,
  appId: r.app_id,
  identityId: r.identity_id,
  kind: r.kind,
  to: r.to_address,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  failedAt: r.failed_at,
  createdAt: r.created_at,
});
export const toAuditEvent = (r: AuditRow): AuditEvent => ({
  id: r.id,
  appId: r.app_id,
  type: r.type,
  at: r.at,
  actor: r.actor,
  userId: r.user_id,
  keyId: r.key_id,
  ip: r.ip,
  userAgent: r.user_agent,
  detail: json<Record<string, unknown>>(r.detail),
});
