/** An app: a tenant with its own users, keys, sessions and settings. */
export declare const PROVIDERS: readonly ["local-userpass", "anon-user", "api-key"];
export type ProviderType = (typeof PROVIDERS)[number];
/** Per-app settings. Every field has a default, so an app can be created with none. */
export interface AppSettings {
    providers: ProviderType[];
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    maxUserApiKeys: number;
    maxServerApiKeys: number;
    /** Origins allowed to call from a browser; `*` allows any (tokens travel as bearer headers, not cookies). */
    corsOrigins: string[];
    /** Anonymous users with no live session are deleted this many days after they were created; 0 keeps them. */
    anonymousUserTtlDays: number;
    /** New email/password users may log in at once; when false they confirm first (by email or webhook). */
    autoConfirm: boolean;
    /** The page confirmation emails link to, with `?token=…&tokenId=…`. */
    emailConfirmationUrl: string | null;
    confirmEmailSubject: string;
    /** The page reset emails link to, with `?token=…&tokenId=…`; null: no reset by email. */
    resetPasswordUrl: string | null;
    resetPasswordSubject: string;
    /** The app's own backend decides confirmations (App Services' confirmation function); wins over email. */
    confirmationWebhookUrl: string | null;
    /** The app's own backend decides resets (App Services' reset function). */
    resetWebhookUrl: string | null;
    /** How long a confirmation or reset token lives. */
    emailTokenTtlMinutes: number;
    /** How long audit events are kept; 0 records none for this app. */
    auditRetentionDays: number;
    /** The scopes user keys may be given (a key's scopes are a subset); empty: keys are unscoped. */
    apiKeyScopes: string[];
    /** Every new user key expires within this many days; 0: keys may live forever. */
    maxApiKeyLifetimeDays: number;
}
export interface App {
    id: string;
    clientAppId: string;
    name: string;
    settings: AppSettings;
    /** Signs the app's webhook calls (HMAC); null until an operator creates one. Never leaves the server but once, when made. */
    webhookSecret: string | null;
    createdAt: number;
}
/** What the server can do, which decides which settings an app may have. */
export interface ServerCapabilities {
    /** An SMTP server is configured (LATCHKEY_SMTP_URL). */
    mail: boolean;
}
/** Lower-case letters, digits and dashes, as App Services client app ids (`todo-abcde`). */
export declare const CLIENT_APP_ID_PATTERN = "^[a-z0-9][a-z0-9-]{0,63}$";
export declare const APP_NAME_MAX_LENGTH = 200;
export declare const CORS_ORIGIN_PATTERN = "^(\\*|https?://[^\\s/]+)$";
/** Pages and webhooks the server links to or calls: absolute http(s) URLs. */
export declare const URL_PATTERN = "^https?://[^\\s]+$";
export declare const MAX_URL_LENGTH = 2000;
export declare const MAX_SUBJECT_LENGTH = 200;
/** What each numeric setting may be; the admin API's schema is built from these. */
export declare const SETTING_BOUNDS: {
    readonly accessTokenTtlSeconds: {
        readonly minimum: 60;
        readonly maximum: 86400;
    };
    readonly refreshTokenTtlSeconds: {
        readonly minimum: 300;
        readonly maximum: number;
    };
    readonly maxUserApiKeys: {
        readonly minimum: 0;
        readonly maximum: 1000;
    };
    readonly maxServerApiKeys: {
        readonly minimum: 0;
        readonly maximum: 10000;
    };
    readonly anonymousUserTtlDays: {
        readonly minimum: 0;
        readonly maximum: 36500;
    };
    readonly emailTokenTtlMinutes: {
        readonly minimum: 1;
        readonly maximum: number;
    };
    readonly auditRetentionDays: {
        readonly minimum: 0;
        readonly maximum: 3650;
    };
    readonly maxApiKeyLifetimeDays: {
        readonly minimum: 0;
        readonly maximum: 36500;
    };
};
export declare const MAX_CORS_ORIGINS = 100;
/** A scope's spelling: what RFC 6749 allows in a scope token, minus quotes and backslashes. */
export declare const SCOPE_PATTERN = "^[A-Za-z0-9_.:/-]{1,64}$";
export declare const MAX_SCOPES = 50;
export declare const DEFAULT_APP_SETTINGS: AppSettings;
/** Settings as stored, completed with the defaults of settings added since they were written. */
export declare function withDefaultSettings(stored: Partial<AppSettings>): AppSettings;
/** Merges a partial update over current settings and checks the result is coherent for this server. */
export declare function mergeAppSettings(current: AppSettings, update: Partial<AppSettings>, capabilities?: ServerCapabilities, hasWebhookSecret?: boolean): AppSettings;
export declare function isProviderEnabled(app: App, provider: string): provider is ProviderType;
