/** The admin API's wire shapes (snake_case, `_id`, times as RFC 3339 strings), as docs/openapi.json describes them. */

export type ProviderType = 'anon-user' | 'local-userpass' | 'api-key';

export interface AppSettings {
  providers: ProviderType[];
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  maxUserApiKeys: number;
  maxServerApiKeys: number;
  corsOrigins: string[];
  anonymousUserTtlDays: number;
  autoConfirm: boolean;
  emailConfirmationUrl: string | null;
  confirmEmailSubject: string;
  resetPasswordUrl: string | null;
  resetPasswordSubject: string;
  confirmationWebhookUrl: string | null;
  resetWebhookUrl: string | null;
  emailTokenTtlMinutes: number;
  pendingRegistrationTtlDays: number;
  auditRetentionDays: number;
  /** The scopes user keys may be given; empty: keys are unscoped. */
  apiKeyScopes: string[];
  /** New user keys expire within this many days; 0: no limit. */
  maxApiKeyLifetimeDays: number;
}

export interface App {
  _id: string;
  client_app_id: string;
  name: string;
  settings: AppSettings;
  has_webhook_secret: boolean;
  created_at: string;
}

export interface NewApp {
  client_app_id: string;
  name?: string;
  settings?: Partial<AppSettings>;
}

/** A key's metadata: never its secret or hash. */
export interface ApiKey {
  _id: string;
  name: string;
  disabled: boolean;
  created_at: string;
  /** The last login or verification (recorded within seconds), or null. */
  last_used_at: string | null;
  expires_at: string | null;
  /** Empty: unscoped. */
  scopes: string[];
}

/** A key as created: the only time its secret (`key`) is shown. */
export interface CreatedApiKey extends ApiKey {
  key: string;
}

export interface User {
  _id: string;
  type: 'normal' | 'server';
  disabled: boolean;
  created_at: string;
  last_login_at: string | null;
  identities: { id: string; provider_type: ProviderType; email: string | null }[];
  api_key_count: number;
}

/** Newest first; `after` is the last `_id` of the previous page. */
export interface Page {
  after?: string;
  /** 1–1000; 50 when absent. */
  limit?: number;
}

export interface UserQuery extends Page {
  /** Exact, normalised as at registration. */
  email?: string;
  provider?: ProviderType;
  disabled?: boolean;
  type?: 'normal' | 'server';
}

/** Every audit event type: the server records exactly these (it imports this list; a test holds it to docs/openapi.json). */
export const AUDIT_EVENT_TYPES = [
  'user.registered',
  'user.confirmed',
  'user.created',
  'user.disabled',
  'user.enabled',
  'user.deleted',
  'identity.linked',
  'login.succeeded',
  'login.failed',
  'sessions.revoked',
  'password.reset',
  'key.created',
  'key.enabled',
  'key.disabled',
  'key.deleted',
  'key.rotated',
  'key.revoked_as_leaked',
  'custom_data.changed',
  'app.created',
  'app.settings_changed',
  'app.webhook_secret_rotated',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export interface AuditEvent {
  _id: string;
  type: AuditEventType;
  at: string;
  /** `user:<id>`, `admin`, `system` or `anonymous`. */
  actor: string;
  user_id: string | null;
  key_id: string | null;
  ip: string | null;
  user_agent: string | null;
  detail: Record<string, unknown>;
}

export interface AuditQuery extends Page {
  type?: AuditEventType;
  user_id?: string;
  key_id?: string;
  /** Events at or after this time. */
  since?: Date | string;
  /** Events before this time. */
  until?: Date | string;
}

export interface PendingRegistration {
  _id: string;
  email: string;
  created_at: string;
}

export interface QueuedMail {
  _id: string;
  app_id: string;
  kind: string;
  to: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  given_up_at: string | null;
  created_at: string;
}

/** JSON object of at most 16 KiB, no key starting with `$`. */
export type CustomUserData = Record<string, unknown>;

/** A token-signing key: its id and dates (the public key itself is in the JWKS; the private key never leaves the server). */
export interface SigningKey {
  kid: string;
  created_at: string;
  /** When a newer key took over; null for the one that signs. */
  retired_at: string | null;
  signing: boolean;
}

/** Logins of one provider with one outcome in one hour. */
export interface LoginCount {
  /** The hour's start (UTC). */
  hour: string;
  provider: string;
  outcome: 'succeeded' | 'failed';
  count: number;
}

/** An app at a glance (what the console's dashboard draws). */
export interface AppStats {
  /** The start of the first hour counted. */
  since: string;
  /** Normal users; server users apart. */
  users: { total: number; disabled: number; server_users: number };
  /** Active: neither disabled nor expired. */
  user_keys: { total: number; active: number };
  server_keys: { total: number; active: number };
  /** Oldest first; hours without logins are absent. Counted from the audit log. */
  logins: LoginCount[];
}
