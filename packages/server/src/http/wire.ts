import Type from 'typebox';
import type { ApiKey, CreatedApiKey } from '../domain/api-keys.js';
import {
  APP_NAME_MAX_LENGTH,
  CORS_ORIGIN_PATTERN,
  MAX_CORS_ORIGINS,
  MAX_SCOPES,
  MAX_SUBJECT_LENGTH,
  MAX_URL_LENGTH,
  PROVIDERS,
  SCOPE_PATTERN,
  SETTING_BOUNDS,
  URL_PATTERN,
  type App,
  type AppSettings,
  type ProviderType,
} from '../domain/apps.js';
import type { Link } from '../domain/linking.js';
import type { Login } from '../domain/session-tokens.js';
import type { OutboxMail } from '../domain/mail.js';
import { AUDIT_EVENT_TYPES, type AuditEvent } from '../domain/audit.js';
import type { Identity, UserRecord, UserSummary } from '../domain/users.js';

/**
 * What leaves the server, in the App Services wire shapes (snake_case, `_id`): the response
 * schemas, and the one serialiser for each. Routes answer through these, so no field that is
 * not listed here (a hash, say) can leak by accident.
 */

const Time = (description: string) => Type.String({ format: 'date-time', description });
const NullableTime = (description: string) => Type.Union([Time(description), Type.Null()]);
/** App Services' three fields, then Latchkey's: clients that know only the first three ignore the rest. */
const KeyFields = {
  _id: Type.String(),
  name: Type.String(),
  disabled: Type.Boolean(),
  created_at: Time('When the key was created'),
  last_used_at: NullableTime('Its last login or verification (recorded within seconds); null: never used'),
  expires_at: NullableTime('When it stops logging in; null: never'),
  scopes: Type.Array(Type.String(), { description: 'Empty: unscoped (the whole account)' }),
};
export const PublicApiKey = Type.Object(KeyFields);
/** The answer to creating or rotating a key: the only time its secret appears. */
export const CreatedApiKeyAnswer = Type.Object({ ...KeyFields, key: Type.String() });

/** A time for the wire (RFC 3339), or null. */
export const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
export const toPublicApiKey = (key: ApiKey) => ({
  _id: key.id,
  name: key.name,
  disabled: key.disabled,
  created_at: new Date(key.createdAt).toISOString(),
  last_used_at: isoOrNull(key.lastUsedAt),
  expires_at: isoOrNull(key.expiresAt),
  scopes: key.scopes ?? [],
});
export const toCreatedApiKey = ({ key, secret }: CreatedApiKey) => ({ ...toPublicApiKey(key), key: secret });

const NullableUrl = Type.Union([Type.String({ pattern: URL_PATTERN, maxLength: MAX_URL_LENGTH }), Type.Null()]);
const Subject = Type.String({ minLength: 1, maxLength: MAX_SUBJECT_LENGTH });

export const Settings = Type.Object(
  {
    providers: Type.Array(Type.Unsafe<ProviderType>(Type.String({ enum: [...PROVIDERS] })), { maxItems: PROVIDERS.length }),
    accessTokenTtlSeconds: Type.Integer(SETTING_BOUNDS.accessTokenTtlSeconds),
    refreshTokenTtlSeconds: Type.Integer(SETTING_BOUNDS.refreshTokenTtlSeconds),
    maxUserApiKeys: Type.Integer(SETTING_BOUNDS.maxUserApiKeys),
    maxServerApiKeys: Type.Integer(SETTING_BOUNDS.maxServerApiKeys),
    corsOrigins: Type.Array(Type.String({ pattern: CORS_ORIGIN_PATTERN }), { maxItems: MAX_CORS_ORIGINS }),
    anonymousUserTtlDays: Type.Integer(SETTING_BOUNDS.anonymousUserTtlDays),
    autoConfirm: Type.Boolean(),
    emailConfirmationUrl: NullableUrl,
    confirmEmailSubject: Subject,
    resetPasswordUrl: NullableUrl,
    resetPasswordSubject: Subject,
    confirmationWebhookUrl: NullableUrl,
    resetWebhookUrl: NullableUrl,
    emailTokenTtlMinutes: Type.Integer(SETTING_BOUNDS.emailTokenTtlMinutes),
    pendingRegistrationTtlDays: Type.Integer(SETTING_BOUNDS.pendingRegistrationTtlDays),
    auditRetentionDays: Type.Integer(SETTING_BOUNDS.auditRetentionDays),
    apiKeyScopes: Type.Array(Type.String({ pattern: SCOPE_PATTERN }), { maxItems: MAX_SCOPES, uniqueItems: true }),
    maxApiKeyLifetimeDays: Type.Integer(SETTING_BOUNDS.maxApiKeyLifetimeDays),
  },
  { additionalProperties: false },
);
export const SettingsUpdate = Type.Partial(Settings, { additionalProperties: false });
export const AppName = Type.String({ minLength: 1, maxLength: APP_NAME_MAX_LENGTH });
export const PublicApp = Type.Object({
  _id: Type.String(),
  client_app_id: Type.String(),
  name: Type.String(),
  settings: Settings,
  /** The secret itself is shown once, when made (POST …/webhook_secret), and never again. */
  has_webhook_secret: Type.Boolean(),
  created_at: Type.String(),
});

export const toPublicApp = (
  app: App,
): { _id: string; client_app_id: string; name: string; settings: AppSettings; has_webhook_secret: boolean; created_at: string } => ({
  _id: app.id,
  client_app_id: app.clientAppId,
  name: app.name,
  settings: app.settings,
  has_webhook_secret: app.webhookSecret !== null,
  created_at: new Date(app.createdAt).toISOString(),
});

/** A registration awaiting confirmation, as the admin API lists it. */
export const PendingUser = Type.Object({ _id: Type.String(), email: Type.String(), created_at: Type.String() });
export const toPendingUser = (identity: Identity) => ({
  _id: identity.id,
  email: identity.email ?? '',
  created_at: new Date(identity.createdAt).toISOString(),
});

/** A queued mail, as the admin API shows it: never its link (the token is made only when it is sent). */
export const QueuedMail = Type.Object({
  _id: Type.String(),
  app_id: Type.String(),
  kind: Type.String(),
  to: Type.String(),
  attempts: Type.Integer(),
  next_attempt_at: Type.String(),
  last_error: Type.Union([Type.String(), Type.Null()]),
  given_up_at: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
});
export const toQueuedMail = (mail: OutboxMail) => ({
  _id: mail.id,
  app_id: mail.appId,
  kind: mail.kind,
  to: mail.to,
  attempts: mail.attempts,
  next_attempt_at: new Date(mail.nextAttemptAt).toISOString(),
  last_error: mail.lastError,
  given_up_at: mail.failedAt === null ? null : new Date(mail.failedAt).toISOString(),
  created_at: new Date(mail.createdAt).toISOString(),
});

export const LoginAnswer = Type.Object({
  access_token: Type.String(),
  refresh_token: Type.Union([Type.String(), Type.Null()]),
  user_id: Type.String(),
  device_id: Type.String(),
});

export const toLoginAnswer = (login: Login | Link) => ({
  access_token: login.accessToken,
  refresh_token: 'refreshToken' in login ? login.refreshToken : null,
  user_id: login.userId,
  device_id: login.deviceId,
});

const ProfileIdentity = Type.Object({
  id: Type.String(),
  provider_type: Type.String(),
  provider_id: Type.String(),
  provider_data: Type.Object({}, { additionalProperties: true }),
});
export const Profile = Type.Object({
  user_id: Type.String(),
  domain_id: Type.String(),
  type: Type.String(),
  identities: Type.Array(ProfileIdentity),
  data: Type.Object({}, { additionalProperties: true }),
});

/** The profile as the clients read it: `data.email` for email users (realm-web's `user.profile.email`). */
export function toProfile({ user, identities }: UserRecord) {
  const email = identities.find((identity) => identity.email !== null)?.email;
  return {
    user_id: user.id,
    domain_id: user.appId,
    type: user.type,
    identities: identities.map((identity) => ({
      id: identity.id,
      provider_type: identity.providerType,
      provider_id: identity.providerType,
      provider_data: identity.email ? { email: identity.email } : {},
    })),
    data: email ? { email } : {},
  };
}

/** A user as the admin API lists them: no password hash, no custom data (it has its own route). */
export const AdminUser = Type.Object({
  _id: Type.String(),
  type: Type.String({ enum: ['normal', 'server'] }),
  disabled: Type.Boolean(),
  created_at: Type.String(),
  last_login_at: NullableTime('The last login (recorded within seconds); null: never'),
  identities: Type.Array(
    Type.Object({
      id: Type.String(),
      provider_type: Type.String({ enum: [...PROVIDERS] }),
      email: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  api_key_count: Type.Integer(),
});
export const toAdminUser = ({ user, identities, apiKeyCount }: UserSummary) => ({
  _id: user.id,
  type: user.type,
  disabled: user.disabled,
  created_at: new Date(user.createdAt).toISOString(),
  last_login_at: isoOrNull(user.lastLoginAt),
  identities: identities.map((identity) => ({ id: identity.id, provider_type: identity.providerType, email: identity.email })),
  api_key_count: apiKeyCount,
});

export const AuditEventType = Type.Unsafe<AuditEvent['type']>(Type.String({ enum: [...AUDIT_EVENT_TYPES] }));

/** An audit event: ids, addresses and codes, never a secret. */
export const AuditEventAnswer = Type.Object({
  _id: Type.String(),
  type: AuditEventType,
  at: Type.String(),
  actor: Type.String({ description: '`user:<id>`, `admin`, `system` or `anonymous` (a client not signed in)' }),
  user_id: Type.Union([Type.String(), Type.Null()]),
  key_id: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  user_agent: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Object({}, { additionalProperties: true }),
});
export const toAuditEventAnswer = (event: AuditEvent) => ({
  _id: event.id,
  type: event.type,
  at: new Date(event.at).toISOString(),
  actor: event.actor,
  user_id: event.userId,
  key_id: event.keyId,
  ip: event.ip,
  user_agent: event.userAgent,
  detail: event.detail,
});
