import type {
  AdminUser,
  ApiKey as ApiKeyAnswer,
  App as AppAnswer,
  AuditEvent as AuditEventAnswer,
  CreatedApiKey as CreatedApiKeyAnswer,
  CustomDataImportReport,
  UserImportReport,
  LoginAnswer,
  PendingRegistration,
  Profile,
  QueuedMail,
} from '@latchkey/protocol';
import { REDACTED_SECRET } from '@latchkey/protocol';
import type { ApiKey, CreatedApiKey } from '../model/api-keys.js';
import type { App } from '../model/apps.js';
import { mapSecretSettings } from '../domain/provider-secrets.js';
import type { AuditEvent } from '../model/audit-events.js';
import type { Link } from '../domain/linking.js';
import type { OutboxMail } from '../model/mail.js';
import type { Login } from '../domain/session-tokens.js';
import type { Identity, UserRecord, UserSummary } from '../model/users.js';
import type { ImportTally } from '../model/imports.js';
import type { UserImportReport as UserImport } from '../domain/user-import.js';
import type { CustomDataImportReport as CustomDataImport } from '../domain/custom-data-import.js';

/**
 * What leaves the server: one serialiser per wire shape of @latchkey/protocol (snake_case,
 * `_id`). Routes answer through these and their schemas, so no field that is not listed there
 * (a hash, say) can leak by accident.
 */

/** A time for the wire (RFC 3339), or null. */
export const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const iso = (ms: number) => new Date(ms).toISOString();

export const toPublicApiKey = (key: ApiKey): ApiKeyAnswer => ({
  _id: key.id,
  name: key.name,
  disabled: key.disabled,
  created_at: iso(key.createdAt),
  last_used_at: isoOrNull(key.lastUsedAt),
  expires_at: isoOrNull(key.expiresAt),
  scopes: key.scopes ?? [],
  previous_secret_valid_until: key.previousSecretHash ? isoOrNull(key.previousValidUntil) : null,
});
export const toCreatedApiKey = ({ key, secret }: CreatedApiKey): CreatedApiKeyAnswer => ({ ...toPublicApiKey(key), key: secret });

/** Settings as answers show them: a shared secret never, only "(secret)" where it is. */
function publicSettings(settings: App['settings']): App['settings'] {
  return mapSecretSettings(settings, () => REDACTED_SECRET);
}

export const toPublicApp = (app: App): AppAnswer => ({
  _id: app.id,
  client_app_id: app.clientAppId,
  name: app.name,
  settings: publicSettings(app.settings),
  has_webhook_secret: app.webhookSecret !== null,
  created_at: iso(app.createdAt),
});

export const toPendingUser = (identity: Identity): PendingRegistration => ({
  _id: identity.id,
  email: identity.email ?? '',
  created_at: iso(identity.createdAt),
});

export const toQueuedMail = (mail: OutboxMail): QueuedMail => ({
  _id: mail.id,
  app_id: mail.appId,
  kind: mail.kind,
  to: mail.to,
  attempts: mail.attempts,
  next_attempt_at: iso(mail.nextAttemptAt),
  last_error: mail.lastError,
  given_up_at: isoOrNull(mail.failedAt),
  created_at: iso(mail.createdAt),
});

export const toLoginAnswer = (login: Login | Link): LoginAnswer => ({
  access_token: login.accessToken,
  refresh_token: 'refreshToken' in login ? login.refreshToken : null,
  user_id: login.userId,
  device_id: login.deviceId,
});

/** The profile as the clients read it: `data.email` for email users (realm-web's `user.profile.email`). */
export function toProfile({ user, identities }: UserRecord): Profile {
  const email = identities.find((identity) => identity.email !== null)?.email;
  return {
    user_id: user.id,
    domain_id: user.appId,
    type: user.type,
    identities: identities.map((identity) => ({
      id: identity.externalId ?? identity.id,
      provider_type: identity.providerType,
      provider_id: identity.providerId ?? identity.providerType,
      provider_data: identity.providerData ?? (identity.email ? { email: identity.email } : {}),
    })),
    data:
      user.profileData ??
      (Object.assign({}, ...identities.map((identity) => identity.providerData ?? {}), email ? { email } : {}) as Record<string, unknown>),
  };
}

export const toAdminUser = ({ user, identities, apiKeyCount }: UserSummary): AdminUser => ({
  _id: user.id,
  type: user.type,
  disabled: user.disabled,
  created_at: iso(user.createdAt),
  last_login_at: isoOrNull(user.lastLoginAt),
  identities: identities.map((identity) => ({
    id: identity.externalId ?? identity.id,
    provider_type: identity.providerType,
    email: identity.email,
  })),
  api_key_count: apiKeyCount,
  imported_at: isoOrNull(user.importedAt),
});

export const toAuditEventAnswer = (event: AuditEvent): AuditEventAnswer => ({
  _id: event.id,
  type: event.type,
  at: iso(event.at),
  actor: event.actor,
  user_id: event.userId,
  key_id: event.keyId,
  ip: event.ip,
  user_agent: event.userAgent,
  detail: event.detail,
});

const counts = (dryRun: boolean, tally: ImportTally) => ({
  dry_run: dryRun,
  imported: tally.imported,
  present: tally.present,
  failed: tally.failed,
  failures: tally.failures,
});

export const toUserImportReport = ({ dryRun, tally, notices, acceptImportedKeysTurnedOn }: UserImport): UserImportReport => ({
  ...counts(dryRun, tally),
  notices: {
    without_password: notices.withoutPassword,
    password_hashes: notices.passwordHashes,
    keys_imported: notices.keysImported,
    users_with_keys_to_recreate: notices.usersWithKeysToRecreate,
    anonymous: notices.anonymous,
    disabled: notices.disabled,
    identities_not_served: notices.identitiesNotServed,
  },
  accept_imported_keys_turned_on: acceptImportedKeysTurnedOn === true,
});

export const toCustomDataImportReport = ({ dryRun, tally }: CustomDataImport): CustomDataImportReport => counts(dryRun, tally);
