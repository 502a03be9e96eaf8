import { newObjectId } from '../crypto/ids.js';
import type { Session } from '../store/store.js';
import type { Deps } from './deps.js';
import { LatchkeyError } from './errors.js';

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

export const CLIENT_APP_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';

/** Merges a partial update over current settings and checks the result is coherent. */
export function mergeAppSettings(current: AppSettings, update: Partial<AppSettings>): AppSettings {
  const merged: AppSettings = { ...current, ...update };
  if (merged.accessTokenTtlSeconds >= merged.refreshTokenTtlSeconds) {
    throw new LatchkeyError('InvalidParameter', 'accessTokenTtlSeconds must be shorter than refreshTokenTtlSeconds');
  }
  merged.providers = [...new Set(merged.providers)];
  return merged;
}

export function isProviderEnabled(app: App, provider: string): provider is ProviderType {
  return (app.settings.providers as string[]).includes(provider);
}

export async function findAppOrFail(deps: Deps, clientAppId: string): Promise<App> {
  const app = await deps.apps.findByClientAppId(clientAppId);
  if (!app) throw new LatchkeyError('AppNotFound', 'no app has that client app id');
  return app;
}

export async function appOfSession(deps: Deps, session: Session): Promise<App> {
  const app = await deps.apps.findById(session.appId);
  // Apps are never deleted while sessions reference them (the foreign key cascades).
  if (!app) throw new LatchkeyError('InvalidSession');
  return app;
}

export interface NewApp {
  clientAppId: string;
  name?: string;
  settings?: Partial<AppSettings>;
}

export async function createApp(deps: Deps, input: NewApp): Promise<App> {
  const app: App = {
    id: newObjectId(deps.clock.now()),
    clientAppId: input.clientAppId,
    name: input.name ?? input.clientAppId,
    settings: mergeAppSettings(DEFAULT_APP_SETTINGS, input.settings ?? {}),
    createdAt: deps.clock.now(),
  };
  if ((await deps.store.insertApp(app)) === 'duplicate') throw new LatchkeyError('AppAlreadyExists');
  deps.apps.remember(app);
  return app;
}

export async function updateAppSettings(deps: Deps, clientAppId: string, update: Partial<AppSettings>): Promise<App> {
  const app = await findAppOrFail(deps, clientAppId);
  const settings = mergeAppSettings(app.settings, update);
  await deps.store.updateAppSettings(app.id, settings);
  const updated = { ...app, settings };
  deps.apps.remember(updated);
  return updated;
}

/** The part of an app the admin API shows. */
export function toPublicApp(app: App): { _id: string; client_app_id: string; name: string; settings: AppSettings; created_at: string } {
  return { _id: app.id, client_app_id: app.clientAppId, name: app.name, settings: app.settings, created_at: new Date(app.createdAt).toISOString() };
}
