import {
  CORS_ORIGIN_PATTERN,
  MAX_CORS_ORIGINS,
  MAX_SCOPES,
  MAX_SUBJECT_LENGTH,
  MAX_URL_LENGTH,
  PROVIDERS,
  REDACTED_SECRET,
  SCOPE_PATTERN,
  SETTING_BOUNDS,
  URL_PATTERN,
  type AppSettings,
  type CustomJwtSettings,
  type ProviderType,
} from '@latchkey/protocol';
import { LatchkeyError } from './errors.js';

/** An app: a tenant with its own users, keys, sessions and settings. */
export interface App {
  id: string;
  clientAppId: string;
  name: string;
  settings: AppSettings;
  /**
   * Signs the app's webhook calls (HMAC); null until an operator creates one. Never leaves the
   * server but once, when made. As stored: sealed when LATCHKEY_SECRET_KEY is set (open it with
   * webhookSecretOf), else in clear.
   */
  webhookSecret: string | null;
  createdAt: number;
}

/** What the server can do, which decides which settings an app may have. */
export interface ServerCapabilities {
  /** An SMTP server is configured (LATCHKEY_SMTP_URL). */
  mail: boolean;
}

export const DEFAULT_APP_SETTINGS: AppSettings = {
  // The providers that need no setting up; custom-token and custom-function need theirs first.
  providers: ['local-userpass', 'anon-user', 'api-key'],
  accessTokenTtlSeconds: 30 * 60,
  refreshTokenTtlSeconds: 60 * 24 * 60 * 60,
  maxUserApiKeys: 20,
  maxServerApiKeys: 100,
  corsOrigins: ['*'],
  anonymousUserTtlDays: 90,
  autoConfirm: true,
  emailConfirmationUrl: null,
  confirmEmailSubject: 'Confirm your email address',
  resetPasswordUrl: null,
  resetPasswordSubject: 'Reset your password',
  confirmationWebhookUrl: null,
  resetWebhookUrl: null,
  emailTokenTtlMinutes: 30,
  pendingRegistrationTtlDays: 3,
  auditRetentionDays: 90,
  apiKeyScopes: [],
  maxApiKeyLifetimeDays: 0,
  acceptImportedKeys: false,
  customJwt: null,
  customFunctionWebhookUrl: null,
  oauthRedirectUris: [],
  google: null,
  apple: null,
  facebook: null,
};

/** Settings as stored, completed with the defaults of settings added since they were written. */
export function withDefaultSettings(stored: Partial<AppSettings>): AppSettings {
  return { ...DEFAULT_APP_SETTINGS, ...stored };
}

function checkBounds(settings: AppSettings): void {
  for (const [name, { minimum, maximum }] of Object.entries(SETTING_BOUNDS)) {
    const value = settings[name as keyof typeof SETTING_BOUNDS];
    if (!Number.isInteger(value) || value < minimum || value > maximum) {
      throw new LatchkeyError('InvalidParameter', `${name} must be an integer from ${minimum} to ${maximum}`);
    }
  }
  const origin = new RegExp(CORS_ORIGIN_PATTERN);
  if (settings.corsOrigins.length > MAX_CORS_ORIGINS || !settings.corsOrigins.every((entry) => origin.test(entry))) {
    throw new LatchkeyError('InvalidParameter', `corsOrigins must be at most ${MAX_CORS_ORIGINS} origins (scheme://host[:port]) or "*"`);
  }
  if (!settings.providers.every((provider) => (PROVIDERS as readonly string[]).includes(provider))) {
    throw new LatchkeyError('InvalidParameter', `providers must be among ${PROVIDERS.join(', ')}`);
  }
  const scope = new RegExp(SCOPE_PATTERN);
  const scopes = settings.apiKeyScopes;
  if (scopes.length > MAX_SCOPES || !scopes.every((entry) => scope.test(entry)) || new Set(scopes).size !== scopes.length) {
    throw new LatchkeyError('InvalidParameter', `apiKeyScopes must be at most ${MAX_SCOPES} distinct scopes matching ${SCOPE_PATTERN}`);
  }
}

function refuse(message: string): never {
  throw new LatchkeyError('InvalidParameter', message);
}

function checkUrlsAndSubjects(settings: AppSettings): void {
  const url = new RegExp(URL_PATTERN);
  for (const name of [
    'emailConfirmationUrl',
    'resetPasswordUrl',
    'confirmationWebhookUrl',
    'resetWebhookUrl',
    'customFunctionWebhookUrl',
  ] as const) {
    const value = settings[name];
    if (value !== null && (!url.test(value) || value.length > MAX_URL_LENGTH)) refuse(`${name} must be an absolute http(s) URL`);
  }
  for (const name of ['confirmEmailSubject', 'resetPasswordSubject'] as const) {
    const value = settings[name];
    if (value.length < 1 || value.length > MAX_SUBJECT_LENGTH || /[\r\n]/.test(value))
      refuse(`${name} must be one line of 1 to ${MAX_SUBJECT_LENGTH} characters`);
  }
}

/**
 * Confirmation and reset need a way to reach the user: an email needs an SMTP server and a page
 * to link to, a webhook needs a secret to sign with. Refused here, so that no app is left
 * promising users a mail that can never be sent.
 */
function checkReachability(settings: AppSettings, capabilities: ServerCapabilities, hasWebhookSecret: boolean): void {
  if (!settings.autoConfirm && !settings.confirmationWebhookUrl) {
    if (!capabilities.mail)
      refuse(
        'autoConfirm: false needs confirmation emails, and this server has no SMTP server (set LATCHKEY_SMTP_URL), or a confirmationWebhookUrl',
      );
    if (!settings.emailConfirmationUrl)
      refuse('autoConfirm: false needs emailConfirmationUrl (the page the confirmation email links to), or a confirmationWebhookUrl');
  }
  if (settings.resetPasswordUrl && !capabilities.mail)
    refuse('resetPasswordUrl needs reset emails, and this server has no SMTP server (set LATCHKEY_SMTP_URL)');
  if ((settings.confirmationWebhookUrl || settings.resetWebhookUrl || settings.customFunctionWebhookUrl) && !hasWebhookSecret) {
    refuse(
      "a webhook URL needs the app's webhook secret to sign its calls: create it first (POST /api/admin/v1/apps/{app}/webhook_secret)",
    );
  }
}

/**
 * A provider that needs setting up is on only with its settings: custom-token with `customJwt`
 * (its keys or its JWK URI, one of them; HS256 with shared secrets only), custom-function with
 * `customFunctionWebhookUrl`.
 */
function checkProviderSettings(settings: AppSettings): void {
  const jwt = settings.customJwt;
  if (settings.providers.includes('custom-token') && !jwt)
    refuse('the custom-token provider needs customJwt: {algorithm, keys or jwkUri} (docs/providers.md)');
  if (settings.providers.includes('custom-function') && !settings.customFunctionWebhookUrl)
    refuse('the custom-function provider needs customFunctionWebhookUrl: the backend that decides who a login is');
  if (settings.providers.includes('oauth2-google') && !settings.google) refuse('the oauth2-google provider needs google: {clientId}');
  if (settings.providers.includes('oauth2-apple') && !settings.apple) refuse('the oauth2-apple provider needs apple: {clientId}');
  if (settings.providers.includes('oauth2-facebook') && !settings.facebook)
    refuse('the oauth2-facebook provider needs facebook: {appId, appSecret}');
  if (!jwt) return;
  if ((jwt.keys === undefined) === (jwt.jwkUri === undefined)) refuse('customJwt needs exactly one of keys (1 to 3) and jwkUri');
  if (jwt.algorithm === 'HS256' && jwt.jwkUri !== undefined)
    refuse('customJwt with HS256 takes its shared secrets in keys; a JWK URI publishes public keys (RS256, ES256, EdDSA)');
  if (jwt.requireAnyAudience && !jwt.audience?.length) refuse('customJwt.requireAnyAudience needs audience');
}

/**
 * `customJwt` in an update is merged over the current one: a key given as "(secret)" keeps the
 * secret at that place, and giving `keys` drops `jwkUri` (and the other way round).
 */
function mergeCustomJwt(current: CustomJwtSettings | null, update: CustomJwtSettings | null | undefined): CustomJwtSettings | null {
  if (update === undefined) return current;
  if (update === null) return null;
  const merged: CustomJwtSettings = { ...(current ?? {}), ...update };
  if (update.keys !== undefined) delete merged.jwkUri;
  if (update.jwkUri !== undefined) delete merged.keys;
  if (update.keys)
    merged.keys = update.keys.map((key, at) => {
      if (key !== REDACTED_SECRET) return key;
      const kept = current?.algorithm === 'HS256' && update.algorithm === 'HS256' ? current.keys?.[at] : undefined;
      return (
        kept ?? refuse(`customJwt.keys[${at}] is "${REDACTED_SECRET}", but no secret of this algorithm is there to keep: give the secret`)
      );
    });
  return merged;
}

/** A secret setting sent back as "(secret)" keeps the secret it stands for. */
function keepSecret<T extends Record<string, unknown>>(
  current: T | null,
  update: T | null | undefined,
  field: keyof T & string,
  name: string,
): T | null {
  if (update === undefined) return current;
  if (update === null || update[field] !== REDACTED_SECRET) return update;
  const kept = current?.[field];
  if (typeof kept !== 'string') refuse(`${name}.${field} is "${REDACTED_SECRET}", but no secret is there to keep: give the secret`);
  return { ...update, [field]: kept };
}

/** Merges a partial update over current settings and checks the result is coherent for this server. */
export function mergeAppSettings(
  current: AppSettings,
  update: Partial<AppSettings>,
  capabilities: ServerCapabilities = { mail: false },
  hasWebhookSecret = false,
): AppSettings {
  const merged: AppSettings = {
    ...current,
    ...update,
    customJwt: mergeCustomJwt(current.customJwt, update.customJwt),
    google: keepSecret(current.google, update.google, 'clientSecret', 'google'),
    apple: keepSecret(current.apple, update.apple, 'clientSecret', 'apple'),
    facebook: keepSecret(current.facebook, update.facebook, 'appSecret', 'facebook'),
  };
  checkBounds(merged);
  checkProviderSettings(merged);
  checkUrlsAndSubjects(merged);
  checkReachability(merged, capabilities, hasWebhookSecret);
  if (merged.accessTokenTtlSeconds >= merged.refreshTokenTtlSeconds) {
    throw new LatchkeyError('InvalidParameter', 'accessTokenTtlSeconds must be shorter than refreshTokenTtlSeconds');
  }
  merged.providers = [...new Set(merged.providers)];
  return merged;
}

export function isProviderEnabled(app: App, provider: string): provider is ProviderType {
  return (app.settings.providers as string[]).includes(provider);
}
