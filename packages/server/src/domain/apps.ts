import { LatchkeyError } from './errors.js';

/** An app: a tenant with its own users, keys, sessions and settings. */
export const PROVIDERS = ['local-userpass', 'anon-user', 'api-key'] as const;
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
}

export interface App {
  id: string;
  clientAppId: string;
  name: string;
  settings: AppSettings;
  createdAt: number;
}

/** Lower-case letters, digits and dashes, as App Services client app ids (`todo-abcde`). */
export const CLIENT_APP_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';
export const APP_NAME_MAX_LENGTH = 200;
export const CORS_ORIGIN_PATTERN = '^(\\*|https?://[^\\s/]+)$';

/** What each numeric setting may be; the admin API's schema is built from these. */
export const SETTING_BOUNDS = {
  accessTokenTtlSeconds: { minimum: 60, maximum: 86_400 },
  refreshTokenTtlSeconds: { minimum: 300, maximum: 365 * 86_400 },
  maxUserApiKeys: { minimum: 0, maximum: 1000 },
  maxServerApiKeys: { minimum: 0, maximum: 10_000 },
  anonymousUserTtlDays: { minimum: 0, maximum: 36_500 },
} as const;
export const MAX_CORS_ORIGINS = 100;

export const DEFAULT_APP_SETTINGS: AppSettings = {
  providers: [...PROVIDERS],
  accessTokenTtlSeconds: 30 * 60,
  refreshTokenTtlSeconds: 60 * 24 * 60 * 60,
  maxUserApiKeys: 20,
  maxServerApiKeys: 100,
  corsOrigins: ['*'],
  anonymousUserTtlDays: 90,
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
}

/** Merges a partial update over current settings and checks the result is coherent. */
export function mergeAppSettings(current: AppSettings, update: Partial<AppSettings>): AppSettings {
  const merged: AppSettings = { ...current, ...update };
  checkBounds(merged);
  if (merged.accessTokenTtlSeconds >= merged.refreshTokenTtlSeconds) {
    throw new LatchkeyError('InvalidParameter', 'accessTokenTtlSeconds must be shorter than refreshTokenTtlSeconds');
  }
  merged.providers = [...new Set(merged.providers)];
  return merged;
}

export function isProviderEnabled(app: App, provider: string): provider is ProviderType {
  return (app.settings.providers as string[]).includes(provider);
}
