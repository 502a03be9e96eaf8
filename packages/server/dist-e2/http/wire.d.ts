import Type from 'typebox';
import type { ApiKey, CreatedApiKey } from '../domain/api-keys.js';
import { type App, type AppSettings } from '../domain/apps.js';
import type { Link } from '../domain/linking.js';
import type { Login } from '../domain/session-tokens.js';
import type { OutboxMail } from '../domain/mail.js';
import { type AuditEvent } from '../domain/audit.js';
import type { Identity, UserRecord, UserSummary } from '../domain/users.js';
export declare const PublicApiKey: Type.TObject<{
    _id: Type.TString;
    name: Type.TString;
    disabled: Type.TBoolean;
    created_at: Type.TString;
    last_used_at: Type.TUnion<[Type.TString, Type.TNull]>;
    expires_at: Type.TUnion<[Type.TString, Type.TNull]>;
    scopes: Type.TArray<Type.TString>;
}>;
/** The answer to creating or rotating a key: the only time its secret appears. */
export declare const CreatedApiKeyAnswer: Type.TObject<{
    key: Type.TString;
    _id: Type.TString;
    name: Type.TString;
    disabled: Type.TBoolean;
    created_at: Type.TString;
    last_used_at: Type.TUnion<[Type.TString, Type.TNull]>;
    expires_at: Type.TUnion<[Type.TString, Type.TNull]>;
    scopes: Type.TArray<Type.TString>;
}>;
/** A time for the wire (RFC 3339), or null. */
export declare const isoOrNull: (ms: number | null) => string | null;
export declare const toPublicApiKey: (key: ApiKey) => {
    _id: string;
    name: string;
    disabled: boolean;
    created_at: string;
    last_used_at: string | null;
    expires_at: string | null;
    scopes: string[];
};
export declare const toCreatedApiKey: ({ key, secret }: CreatedApiKey) => {
    key: string;
    _id: string;
    name: string;
    disabled: boolean;
    created_at: string;
    last_used_at: string | null;
    expires_at: string | null;
    scopes: string[];
};
export declare const Settings: Type.TObject<{
    providers: Type.TArray<Type.TUnsafe<"local-userpass" | "anon-user" | "api-key">>;
    accessTokenTtlSeconds: Type.TInteger;
    refreshTokenTtlSeconds: Type.TInteger;
    maxUserApiKeys: Type.TInteger;
    maxServerApiKeys: Type.TInteger;
    corsOrigins: Type.TArray<Type.TString>;
    anonymousUserTtlDays: Type.TInteger;
    autoConfirm: Type.TBoolean;
    emailConfirmationUrl: Type.TUnion<[Type.TString, Type.TNull]>;
    confirmEmailSubject: Type.TString;
    resetPasswordUrl: Type.TUnion<[Type.TString, Type.TNull]>;
    resetPasswordSubject: Type.TString;
    confirmationWebhookUrl: Type.TUnion<[Type.TString, Type.TNull]>;
    resetWebhookUrl: Type.TUnion<[Type.TString, Type.TNull]>;
    emailTokenTtlMinutes: Type.TInteger;
    auditRetentionDays: Type.TInteger;
    apiKeyScopes: Type.TArray<Type.TString>;
    maxApiKeyLifetimeDays: Type.TInteger;
}>;
export declare const SettingsUpdate: Type.TObject<{
    providers: Type.TOptional<Type.TArray<Type.TUnsafe<"local-userpass" | "anon-user" | "api-key">>>;
    accessTokenTtlSeconds: Type.TOptional<Type.TInteger>;
    refreshTokenTtlSeconds: Type.TOptional<Type.TInteger>;
    maxUserApiKeys: Type.TOptional<Type.TInteger>;
    maxServerApiKeys: Type.TOptional<Type.TInteger>;
    corsOrigins: Type.TOptional<Type.TArray<Type.TString>>;
    anonymousUserTtlDays: Type.TOptional<Type.TInteger>;
    autoConfirm: Type.TOptional<Type.TBoolean>;
    emailConfirmationUrl: Type.TOptional<Type.TUnion<[Type.TString, Type.TNull]>>;
    confirmEmailSubject: Type.TOptional<Type.TString>;
    resetPasswordUrl: Type.TOptional<Type.TUnion<[Type.TString, Type.TNull]>>;
    resetPasswordSubject: Type.TOptional<Type.TString>;
    confirmationWebhookUrl: Type.TOptional<Type.TUnion<[Type.TString, Type.TNull]>>;
    resetWebhookUrl: Type.TOptional<Type.TUnion<[Type.TString, Type.TNull]>>;
    emailTokenTtlMinutes: Type.TOptional<Type.TInteger>;
    auditRetentionDays: Type.TOptional<Type.TInteger>;
    apiKeyScopes: Type.TOptional<Type.TArray<Type.TString>>;
    maxApiKeyLifetimeDays: Type.TOptional<Type.TInteger>;
}>;
export declare const AppName: Type.TString;
export declare const PublicApp: Type.TObject<{
    _id: Type.TString;
    client_app_id: Type.TString;
    name: Type.TString;
    settings: Type.TObject<{
        providers: Type.TArray<Type.TUnsafe<"local-userpass" | "anon-user" | "api-key">>;
        accessTokenTtlSeconds: Type.TInteger;
        refreshTokenTtlSeconds: Type.TInteger;
        maxUserApiKeys: Type.TInteger;
        maxServerApiKeys: Type.TInteger;
        corsOrigins: Type.TArray<Type.TString>;
        anonymousUserTtlDays: Type.TInteger;
        autoConfirm: Type.TBoolean;
        emailConfirmationUrl: Type.TUnion<[Type.TString, Type.TNull]>;
        confirmEmailSubject: Type.TString;
        resetPasswordUrl: Type.TUnion<[Type.TString, Type.TNull]>;
        resetPasswordSubject: Type.TString;
        confirmationWebhookUrl: Type.TUnion<[Type.TString, Type.TNull]>;
        resetWebhookUrl: Type.TUnion<[Type.TString, Type.TNull]>;
        emailTokenTtlMinutes: Type.TInteger;
        auditRetentionDays: Type.TInteger;
        apiKeyScopes: Type.TArray<Type.TString>;
        maxApiKeyLifetimeDays: Type.TInteger;
    }>;
    /** The secret itself is shown once, when made (POST …/webhook_secret), and never again. */
    has_webhook_secret: Type.TBoolean;
    created_at: Type.TString;
}>;
export declare const toPublicApp: (app: App) => {
    _id: string;
    client_app_id: string;
    name: string;
    settings: AppSettings;
    has_webhook_secret: boolean;
    created_at: string;
};
/** A registration awaiting confirmation, as the admin API lists it. */
export declare const PendingUser: Type.TObject<{
    _id: Type.TString;
    email: Type.TString;
    created_at: Type.TString;
}>;
export declare const toPendingUser: (identity: Identity) => {
    _id: string;
    email: string;
    created_at: string;
};
/** A queued mail, as the admin API shows it: never its link (the token is made only when it is sent). */
export declare const QueuedMail: Type.TObject<{
    _id: Type.TString;
    app_id: Type.TString;
    kind: Type.TString;
    to: Type.TString;
    attempts: Type.TInteger;
    next_attempt_at: Type.TString;
    last_error: Type.TUnion<[Type.TString, Type.TNull]>;
    given_up_at: Type.TUnion<[Type.TString, Type.TNull]>;
    created_at: Type.TString;
}>;
export declare const toQueuedMail: (mail: OutboxMail) => {
    _id: string;
    app_id: string;
    kind: import("../domain/userpass-tokens.js").TokenPurpose;
    to: string;
    attempts: number;
    next_attempt_at: string;
    last_error: string | null;
    given_up_at: string | null;
    created_at: string;
};
export declare const LoginAnswer: Type.TObject<{
    access_token: Type.TString;
    refresh_token: Type.TUnion<[Type.TString, Type.TNull]>;
    user_id: Type.TString;
    device_id: Type.TString;
}>;
export declare const toLoginAnswer: (login: Login | Link) => {
    access_token: string;
    refresh_token: string | null;
    user_id: string;
    device_id: string;
};
export declare const Profile: Type.TObject<{
    user_id: Type.TString;
    domain_id: Type.TString;
    type: Type.TString;
    identities: Type.TArray<Type.TObject<{
        id: Type.TString;
        provider_type: Type.TString;
        provider_id: Type.TString;
        provider_data: Type.TObject<{}>;
    }>>;
    data: Type.TObject<{}>;
}>;
/** The profile as the clients read it: `data.email` for email users (realm-web's `user.profile.email`). */
export declare function toProfile({ user, identities }: UserRecord): {
    user_id: string;
    domain_id: string;
    type: import("../domain/users.js").UserType;
    identities: {
        id: string;
        provider_type: "local-userpass" | "anon-user" | "api-key";
        provider_id: "local-userpass" | "anon-user" | "api-key";
        provider_data: {
            email: string;
        } | {
            email?: undefined;
        };
    }[];
    data: {
        email: string;
    } | {
        email?: undefined;
    };
};
/** A user as the admin API lists them: no password hash, no custom data (it has its own route). */
export declare const AdminUser: Type.TObject<{
    _id: Type.TString;
    type: Type.TString;
    disabled: Type.TBoolean;
    created_at: Type.TString;
    last_login_at: Type.TUnion<[Type.TString, Type.TNull]>;
    identities: Type.TArray<Type.TObject<{
        id: Type.TString;
        provider_type: Type.TString;
        email: Type.TUnion<[Type.TString, Type.TNull]>;
    }>>;
    api_key_count: Type.TInteger;
}>;
export declare const toAdminUser: ({ user, identities, apiKeyCount }: UserSummary) => {
    _id: string;
    type: import("../domain/users.js").UserType;
    disabled: boolean;
    created_at: string;
    last_login_at: string | null;
    identities: {
        id: string;
        provider_type: "local-userpass" | "anon-user" | "api-key";
        email: string | null;
    }[];
    api_key_count: number;
};
export declare const AuditEventType: Type.TUnsafe<"user.registered" | "user.confirmed" | "user.created" | "user.disabled" | "user.enabled" | "user.deleted" | "identity.linked" | "login.succeeded" | "login.failed" | "sessions.revoked" | "password.reset" | "key.created" | "key.enabled" | "key.disabled" | "key.deleted" | "key.rotated" | "key.revoked_as_leaked" | "custom_data.changed" | "app.created" | "app.settings_changed" | "app.webhook_secret_rotated">;
/** An audit event: ids, addresses and codes, never a secret. */
export declare const AuditEventAnswer: Type.TObject<{
    _id: Type.TString;
    type: Type.TUnsafe<"user.registered" | "user.confirmed" | "user.created" | "user.disabled" | "user.enabled" | "user.deleted" | "identity.linked" | "login.succeeded" | "login.failed" | "sessions.revoked" | "password.reset" | "key.created" | "key.enabled" | "key.disabled" | "key.deleted" | "key.rotated" | "key.revoked_as_leaked" | "custom_data.changed" | "app.created" | "app.settings_changed" | "app.webhook_secret_rotated">;
    at: Type.TString;
    actor: Type.TString;
    user_id: Type.TUnion<[Type.TString, Type.TNull]>;
    key_id: Type.TUnion<[Type.TString, Type.TNull]>;
    ip: Type.TUnion<[Type.TString, Type.TNull]>;
    user_agent: Type.TUnion<[Type.TString, Type.TNull]>;
    detail: Type.TObject<{}>;
}>;
export declare const toAuditEventAnswer: (event: AuditEvent) => {
    _id: string;
    type: "user.registered" | "user.confirmed" | "user.created" | "user.disabled" | "user.enabled" | "user.deleted" | "identity.linked" | "login.succeeded" | "login.failed" | "sessions.revoked" | "password.reset" | "key.created" | "key.enabled" | "key.disabled" | "key.deleted" | "key.rotated" | "key.revoked_as_leaked" | "custom_data.changed" | "app.created" | "app.settings_changed" | "app.webhook_secret_rotated";
    at: string;
    actor: string;
    user_id: string | null;
    key_id: string | null;
    ip: string | null;
    user_agent: string | null;
    detail: Record<string, unknown>;
};
