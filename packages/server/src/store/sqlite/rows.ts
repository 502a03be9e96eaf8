import type { App, AppSettings } from '../../domain/apps.js';
import type { Identity, User } from '../../domain/users.js';
import type { ApiKey, Session } from '../store.js';

/** Row shapes as SQLite returns them, and the one place they become domain objects. */
export interface AppRow { id: string; client_app_id: string; name: string; settings: string; created_at: number }
export interface UserRow { id: string; app_id: string; type: User['type']; created_at: number }
export interface IdentityRow {
  id: string; app_id: string; user_id: string | null; provider_type: Identity['providerType'];
  email: string | null; password_hash: string | null; created_at: number;
}
export interface KeyRow {
  id: string; app_id: string; user_id: string; kind: ApiKey['kind']; name: string;
  secret_hash: Buffer; disabled: number; created_at: number;
}
export interface SessionRow {
  id: string; app_id: string; user_id: string; key_id: string | null; refresh_hash: Buffer;
  device_id: string; created_at: number; expires_at: number;
}

export const toApp = (r: AppRow): App => ({
  id: r.id, clientAppId: r.client_app_id, name: r.name, settings: JSON.parse(r.settings) as AppSettings, createdAt: r.created_at,
});
export const toUser = (r: UserRow): User => ({ id: r.id, appId: r.app_id, type: r.type, createdAt: r.created_at });
export const toIdentity = (r: IdentityRow): Identity => ({
  id: r.id, appId: r.app_id, userId: r.user_id, providerType: r.provider_type,
  email: r.email, passwordHash: r.password_hash, createdAt: r.created_at,
});
export const toKey = (r: KeyRow): ApiKey => ({
  id: r.id, appId: r.app_id, userId: r.user_id, kind: r.kind, name: r.name,
  secretHash: r.secret_hash, disabled: r.disabled === 1, createdAt: r.created_at,
});
export const toSession = (r: SessionRow): Session => ({
  id: r.id, appId: r.app_id, userId: r.user_id, keyId: r.key_id, refreshHash: r.refresh_hash,
  deviceId: r.device_id, createdAt: r.created_at, expiresAt: r.expires_at,
});
