import { withDefaultSettings, type App, type AppSettings } from '../../domain/apps.js';
import type { ApiKey } from '../store.js';

/** SQLite keeps settings as JSON text and booleans as 0/1. */
export interface AppRow { id: string; client_app_id: string; name: string; settings: string; created_at: number }
export interface KeyRow {
  id: string; app_id: string; user_id: string; kind: ApiKey['kind']; name: string;
  secret_hash: Buffer; disabled: number; created_at: number;
}

export const toApp = (r: AppRow): App => ({
  id: r.id, clientAppId: r.client_app_id, name: r.name, settings: withDefaultSettings(JSON.parse(r.settings) as Partial<AppSettings>), createdAt: r.created_at,
});
export const toKey = (r: KeyRow): ApiKey => ({
  id: r.id, appId: r.app_id, userId: r.user_id, kind: r.kind, name: r.name,
  secretHash: r.secret_hash, disabled: r.disabled === 1, createdAt: r.created_at,
});
