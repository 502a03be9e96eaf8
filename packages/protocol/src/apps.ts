import Type, { type Static } from 'typebox';
import { CLIENT_APP_ID_PATTERN, CORS_ORIGIN_PATTERN, SCOPE_PATTERN, URL_PATTERN } from './patterns.js';
import { PROVIDERS, ProviderName } from './providers.js';

export { CLIENT_APP_ID_PATTERN, CORS_ORIGIN_PATTERN, SCOPE_PATTERN, URL_PATTERN };

export const APP_NAME_MAX_LENGTH = 200;
export const MAX_URL_LENGTH = 2000;
export const MAX_SUBJECT_LENGTH = 200;
export const MAX_CORS_ORIGINS = 100;
export const MAX_SCOPES = 50;

/** What each numeric setting may be. */
export const SETTING_BOUNDS = {
  accessTokenTtlSeconds: { minimum: 60, maximum: 86_400 },
  refreshTokenTtlSeconds: { minimum: 300, maximum: 365 * 86_400 },
  maxUserApiKeys: { minimum: 0, maximum: 1000 },
  maxServerApiKeys: { minimum: 0, maximum: 10_000 },
  anonymousUserTtlDays: { minimum: 0, maximum: 36_500 },
  emailTokenTtlMinutes: { minimum: 1, maximum: 24 * 60 },
  pendingRegistrationTtlDays: { minimum: 1, maximum: 365 },
  auditRetentionDays: { minimum: 0, maximum: 3650 },
  maxApiKeyLifetimeDays: { minimum: 0, maximum: 36_500 },
} as const;

export const ClientAppId = Type.String({ pattern: CLIENT_APP_ID_PATTERN });
export const AppIdParams = Type.Object({ appId: ClientAppId });
export const AppName = Type.String({ minLength: 1, maxLength: APP_NAME_MAX_LENGTH });

const NullableUrl = Type.Union([Type.String({ pattern: URL_PATTERN, maxLength: MAX_URL_LENGTH }), Type.Null()]);
const Subject = Type.String({ minLength: 1, maxLength: MAX_SUBJECT_LENGTH });

/** The signing algorithms a custom JWT provider may use (App Services' four). */
export const JWT_ALGORITHMS = ['RS256', 'HS256', 'ES256', 'EdDSA'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];
/** How a shared HS256 secret is shown: never itself. Sent back in an update, it keeps the secret it stands for. */
export const REDACTED_SECRET = '(secret)';
export const MAX_JWT_KEYS = 3;

/**
 * Custom JWT (App Services' `custom-token` provider): tokens from the app's own identity system
 * (Auth0, Firebase, Cognito, Keycloak, …) log users in. `sub` is the identity's id.
 */
export const CustomJwtSettings = Type.Object(
  {
    algorithm: Type.Unsafe<JwtAlgorithm>(Type.String({ enum: [...JWT_ALGORITHMS] })),
    /** 1–3 keys, for rotation: shared secrets (HS256; write-only, shown as "(secret)") or PEM public keys. */
    keys: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 8192 }), { minItems: 1, maxItems: MAX_JWT_KEYS })),
    /** Where the provider publishes its public keys (a JWK set); instead of `keys`. */
    jwkUri: Type.Optional(Type.String({ pattern: URL_PATTERN, maxLength: MAX_URL_LENGTH })),
    /** `aud` must name these: all of them, or any with requireAnyAudience; none: the client app id. */
    audience: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 512 }), { maxItems: 20 })),
    requireAnyAudience: Type.Optional(Type.Boolean()),
    /** Claims (dotted paths) copied into the user's profile data as `fieldName`; a missing required one refuses the login. */
    metadataFields: Type.Optional(
      Type.Array(
        Type.Object(
          {
            required: Type.Boolean(),
            name: Type.String({ minLength: 1, maxLength: 256 }),
            fieldName: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
  },
  { additionalProperties: false },
);
export type CustomJwtSettings = Static<typeof CustomJwtSettings>;

const ProviderUrl = Type.String({ pattern: URL_PATTERN, maxLength: MAX_URL_LENGTH });
const ClientId = Type.String({ minLength: 1, maxLength: 512 });
/** A secret setting: write-only (answers show "(secret)"; sent back as such, it is kept), sealed at rest. */
const SecretSetting = Type.String({ minLength: 1, maxLength: 1024 });

/** Sign in with Google: id tokens (and server auth codes, with clientSecret) from this OAuth client; any OpenID provider at `issuer` stands in. */
export const GoogleSettings = Type.Object(
  { clientId: ClientId, clientSecret: Type.Optional(SecretSetting), issuer: Type.Optional(ProviderUrl) },
  { additionalProperties: false },
);
/** Sign in with Apple: id tokens for this bundle or services id; the redirect login also needs the client secret (the JWT Apple has you sign). */
export const AppleSettings = Type.Object(
  { clientId: ClientId, clientSecret: Type.Optional(SecretSetting), issuer: Type.Optional(ProviderUrl) },
  { additionalProperties: false },
);
/** Facebook Login: user access tokens of this Facebook app, checked with the Graph API. */
export const FacebookSettings = Type.Object(
  { appId: ClientId, appSecret: SecretSetting, graphUrl: Type.Optional(ProviderUrl), dialogUrl: Type.Optional(ProviderUrl) },
  { additionalProperties: false },
);
export type GoogleSettings = Static<typeof GoogleSettings>;
export type AppleSettings = Static<typeof AppleSettings>;
export type FacebookSettings = Static<typeof FacebookSettings>;

/** Per-app settings. Every field has a default, so an app can be created with none. */
export const AppSettings = Type.Object(
  {
    providers: Type.Array(ProviderName, { maxItems: PROVIDERS.length }),
    accessTokenTtlSeconds: Type.Integer(SETTING_BOUNDS.accessTokenTtlSeconds),
    refreshTokenTtlSeconds: Type.Integer(SETTING_BOUNDS.refreshTokenTtlSeconds),
    maxUserApiKeys: Type.Integer(SETTING_BOUNDS.maxUserApiKeys),
    maxServerApiKeys: Type.Integer(SETTING_BOUNDS.maxServerApiKeys),
    /** Origins allowed to call from a browser; `*` allows any (tokens travel as bearer headers, not cookies). */
    corsOrigins: Type.Array(Type.String({ pattern: CORS_ORIGIN_PATTERN }), { maxItems: MAX_CORS_ORIGINS }),
    /** Anonymous users with no live session are deleted this many days after they were created; 0 keeps them. */
    anonymousUserTtlDays: Type.Integer(SETTING_BOUNDS.anonymousUserTtlDays),
    /** New email/password users may log in at once; when false they confirm first (by email or webhook). */
    autoConfirm: Type.Boolean(),
    /** The page confirmation emails link to, with `?token=…&tokenId=…`. */
    emailConfirmationUrl: NullableUrl,
    confirmEmailSubject: Subject,
    /** The page reset emails link to, with `?token=…&tokenId=…`; null: no reset by email. */
    resetPasswordUrl: NullableUrl,
    resetPasswordSubject: Subject,
    /** The app's own backend decides confirmations (App Services' confirmation function); wins over email. */
    confirmationWebhookUrl: NullableUrl,
    /** The app's own backend decides resets (App Services' reset function). */
    resetWebhookUrl: NullableUrl,
    /** How long a confirmation or reset token lives. */
    emailTokenTtlMinutes: Type.Integer(SETTING_BOUNDS.emailTokenTtlMinutes),
    /** A registration not confirmed within this many days is forgotten, and the address is free again. */
    pendingRegistrationTtlDays: Type.Integer(SETTING_BOUNDS.pendingRegistrationTtlDays),
    /** How long audit events are kept; 0 records none for this app. */
    auditRetentionDays: Type.Integer(SETTING_BOUNDS.auditRetentionDays),
    /** The scopes user keys may be given (a key's scopes are a subset); empty: keys are unscoped. */
    apiKeyScopes: Type.Array(Type.String({ pattern: SCOPE_PATTERN }), { maxItems: MAX_SCOPES, uniqueItems: true }),
    /** Every new user key expires within this many days; 0: keys may live forever. */
    maxApiKeyLifetimeDays: Type.Integer(SETTING_BOUNDS.maxApiKeyLifetimeDays),
    /** Keys brought in by a user import, in another system's format, log in (turned on by such an import; turn off when none is left). */
    acceptImportedKeys: Type.Boolean(),
    /** The custom-token provider's configuration; null: not set up. */
    customJwt: Type.Union([CustomJwtSettings, Type.Null()]),
    /** The custom-function provider: the app's backend that decides who a login payload is (signed like the other webhooks). */
    customFunctionWebhookUrl: NullableUrl,
    /** Pages the browser redirect login (realm-web's `Credentials.google({ redirectUrl })`) may return to: exact URLs. */
    oauthRedirectUris: Type.Array(Type.String({ pattern: URL_PATTERN, maxLength: MAX_URL_LENGTH }), { maxItems: 20 }),
    google: Type.Union([GoogleSettings, Type.Null()]),
    apple: Type.Union([AppleSettings, Type.Null()]),
    facebook: Type.Union([FacebookSettings, Type.Null()]),
  },
  { additionalProperties: false },
);
export type AppSettings = Static<typeof AppSettings>;
export const AppSettingsUpdate = Type.Partial(AppSettings, { additionalProperties: false });

/** An app as the admin API shows it. */
export const App = Type.Object({
  _id: Type.String(),
  client_app_id: Type.String(),
  name: Type.String(),
  settings: AppSettings,
  /** The secret itself is shown once, when made (POST …/webhook_secret), and never again. */
  has_webhook_secret: Type.Boolean(),
  created_at: Type.String(),
});
export type App = Static<typeof App>;

export const NewApp = Type.Object({ client_app_id: ClientAppId, name: Type.Optional(AppName), settings: Type.Optional(AppSettingsUpdate) });
export type NewApp = Static<typeof NewApp>;
export const AppChange = Type.Object({ settings: AppSettingsUpdate });

/** The app's webhook secret, in the one answer that shows it. */
export const WebhookSecret = Type.Object({ secret: Type.String() });
export type WebhookSecret = Static<typeof WebhookSecret>;
