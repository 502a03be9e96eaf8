import type { Identity, User } from '../domain/users.js';
import type { Session } from './store.js';

/**
 * Rows both SQL adapters return in the same shape (same column names, same value types), with
 * their mappers. Tables whose values differ by dialect (booleans, JSON) are mapped in each
 * adapter's own rows.ts.
 */
export interface UserRow { id: string; app_id: string; type: User['type']; created_at: number }
export interface IdentityRow {
  id: string; app_id: string; user_id: string | null; provider_type: Identity['providerType'];
  email: string | null; password_hash: string | null; created_at: number;
}
export interface SessionRow {
  id: string; app_id: string; user_id: string; key_id: string | null; refresh_hash: Buffer;
  device_id: string; created_at: number; expires_at: number;
}

export const toUser = (r: UserRow): User => ({ id: r.id, appId: r.app_id, type: r.type, createdAt: r.created_at });
export const toIdentity = (r: IdentityRow): Identity => ({
  id: r.id, appId: r.app_id, userId: r.user_id, providerType: r.provider_type,
  email: r.email, passwordHash: r.password_hash, createdAt: r.created_at,
});
export const toSession = (r: SessionRow): Session => ({
  id: r.id, appId: r.app_id, userId: r.user_id, keyId: r.key_id, refreshHash: r.refresh_hash,
  deviceId: r.device_id, createdAt: r.created_at, expiresAt: r.expires_at,
});
