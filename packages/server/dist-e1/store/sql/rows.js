import { withDefaultSettings } from '../../domain/apps.js';
export const OWNER_COLUMNS = 'u.type AS owner_type, u.created_at AS owner_created_at, u.custom_data AS owner_custom_data, u.disabled AS owner_disabled, u.last_login_at AS owner_last_login_at';
const json = (value) => (typeof value === 'string' ? JSON.parse(value) : value);
export const toApp = (r) => ({
    id: r.id,
    clientAppId: r.client_app_id,
    name: r.name,
    settings: withDefaultSettings(json(r.settings)),
    webhookSecret: r.webhook_secret ?? null,
    createdAt: r.created_at,
});
export const toUser = (r) => ({
    id: r.id,
    appId: r.app_id,
    type: r.type,
    createdAt: r.created_at,
    customData: json(r.custom_data),
    disabled: Boolean(r.disabled),
    lastLoginAt: r.last_login_at ?? null,
});
export const toIdentity = (r) => ({
    id: r.id,
    appId: r.app_id,
    userId: r.user_id,
    providerType: r.provider_type,
    email: r.email,
    passwordHash: r.password_hash,
    confirmed: Boolean(r.confirmed),
    createdAt: r.created_at,
});
export const toSession = (r) => ({
    id: r.id,
    appId: r.app_id,
    userId: r.user_id,
    keyId: r.key_id,
    refreshHash: r.refresh_hash,
    deviceId: r.device_id,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    scopes: r.scopes === null ? null : JSON.parse(r.scopes),
});
export const toKey = (r) => ({
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
    scopes: r.scopes === null ? null : JSON.parse(r.scopes),
    previousSecretHash: r.previous_secret_hash,
    previousValidUntil: r.previous_valid_until,
});
export const toOwner = (r) => ({
    id: r.user_id,
    appId: r.app_id,
    type: r.owner_type,
    createdAt: r.owner_created_at,
    customData: json(r.owner_custom_data),
    disabled: Boolean(r.owner_disabled),
    lastLoginAt: r.owner_last_login_at ?? null,
});
export const toToken = (r) => ({
    id: r.id,
    appId: r.app_id,
    identityId: r.identity_id,
    purpose: r.purpose,
    tokenHash: r.token_hash,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
});
export const toMail = (r) => ({
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
export const toAuditEvent = (r) => ({
    id: r.id,
    appId: r.app_id,
    type: r.type,
    at: r.at,
    actor: r.actor,
    userId: r.user_id,
    keyId: r.key_id,
    ip: r.ip,
    userAgent: r.user_agent,
    detail: json(r.detail),
});
//# sourceMappingURL=rows.js.map