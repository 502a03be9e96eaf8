/**
 * The audit event types alone, without a schema (as provider-names): the CLI offers them as
 * choices and completions without loading TypeBox.
 */

/** Every audit event type: the server records exactly these. */
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
  'app.imported',
  'users.imported',
  'custom_data.imported',
  'password.reset_campaign',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];
