import type { Identity, User } from '../domain/users.js';
import type { Session } from './store.js';

/**
 * Rows both SQL adapters return in the same shape (same column names, same value types), with
 * their mappers. Tables whose values differ by dialect (booleans, JSON) are mapped in each
 * adapter's own rows.ts.
 */
/** Custom data is JSON text in both dialects (kept byte for byte, unlike JSONB). */
export interface UserRow { id: string; app_id: string; type: User['type']; created_at: number; custom_data: string }
/** The owner's columns a login reads beside its key, named apart from the key's own. */
export interface OwnerColumns { owner_type: User['type']; owner_created_at: number; owner_custom_data: string }
export const OWNER_COLUMNS = 'u.type AS owner_type, u.created_at AS owner_created_at, u.custom_data AS owner_custom_data';
export interface IdentityRow {
  id: string; app_id: string; user_id: string | null; provider_type: Identity['providerType'];
  email: string | null; password_hash: string | null; created_at: number;
}
export interface SessionRow {
  id: string; app_id: string; user_id: string; key_id: string | null; refresh_hash: Buffer;
  device_id: string; created_at: number; expires_at: number;
}

export const toUser = (r: UserRow): User => ({
  id: r.id, appId: r.app_id, type: r.type, createdAt: r.created_at, customData: JSON.parse(r.custom_data) as User['customData'],
});
export const toOwner = (r: OwnerColumns & { app_id: string; user_id: string }): User => ({
  id: r.user_id, appId: r.app_id, type: r.owner_type, createdAt: r.owner_created_at,
  customData: JSON.parse(r.owner_custom_data) as User['customData'],
});
export const toIdentity = (r: IdentityRow): Identity => ({
  id: r.id, appId: r.app_id, userId: r.user_id, providerType: r.provider_type,
  email: r.email, passwordHash: r.password_hash, createdAt: r.created_at,
});
export const toSession = (r: SessionRow): Session => ({
  id: r.id, appId: r.app_id, userId: r.user_id, keyId: r.key_id, refreshHash: r.refresh_hash,
  deviceId: r.device_id, createdAt: r.created_at, expiresAt: r.expires_at,
});
