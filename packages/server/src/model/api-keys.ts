import type { App } from './apps.js';
import { requireSessionWithoutKey, type Session } from './sessions.js';

export type ApiKeyKind = 'user' | 'server';

/** A user key (a user's own) or a server key (an app's, logging in as its own server user). */
export interface ApiKey {
  id: string;
  appId: string;
  userId: string;
  kind: ApiKeyKind;
  name: string;
  secretHash: Buffer;
  disabled: boolean;
  createdAt: number;
  /** The last login or verification with it (recorded in batches, so up to a few seconds late). */
  lastUsedAt: number | null;
  /** After this it logs in like a deleted key; null: never. */
  expiresAt: number | null;
  /** A subset of the app's `apiKeyScopes`, carried by its tokens as `scope`; null: unscoped. */
  scopes: string[] | null;
  /** The secret it had before its last rotation, which logs in until `previousValidUntil`. */
  previousSecretHash: Buffer | null;
  previousValidUntil: number | null;
}

export const isExpired = (key: ApiKey, now: number): boolean => key.expiresAt !== null && key.expiresAt <= now;

/** A new key and its secret, which exists only in this answer. */
export interface CreatedApiKey {
  key: ApiKey;
  secret: string;
}

/** Whose keys a call may reach: one user's own keys, or an app's server keys (admin only). */
export type KeyOwner = { kind: 'user'; userId: string } | { kind: 'server'; appId: string };

/** The keys a session may read: its own user's. */
export const userKeysOf = (session: Session): KeyOwner => ({ kind: 'user', userId: session.userId });

/** The keys a session may change: its own user's, and only if it was not opened with a key. */
export function keysManagedBy(session: Session): KeyOwner {
  requireSessionWithoutKey(session, 'enable, disable or delete API keys');
  return userKeysOf(session);
}

export const serverKeysOf = (app: App): KeyOwner => ({ kind: 'server', appId: app.id });
