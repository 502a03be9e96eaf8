import { withDefaultSettings, type App, type AppSettings } from '../../domain/apps.js';
import type { ApiKey } from '../store.js';

/** PostgreSQL returns settings as parsed JSONB and booleans as booleans (BIGINT is parsed to number by the pool). */
export interface AppRow { id: string; client_app_id: string; name: string; settings: AppSettings; created_at: number }
export interface KeyRow {
  id: string; app_id: string; user_id: string; kind: ApiKey['kind']; name: string;
  secret_hash: Buffer; disabled: boolean; created_at: number;
}

export const toApp = (r: AppRow): App => ({ id: r.id, clientAppId: r.client_app_id, name: r.name, settings: withDefaultSettings(r.settings), createdAt: r.created_at });
export const toKey = (r: KeyRow): ApiKey => ({
  id: r.id, appId: r.app_id, userId: r.user_id, kind: r.kind, name: r.name,
  secretHash: r.secret_hash, disabled: r.disabled, createdAt: r.created_at,
});
