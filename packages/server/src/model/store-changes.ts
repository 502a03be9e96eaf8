import type { KeyOwner } from './api-keys.js';

/**
 * What a write changes that a node may hold in memory, named by its effect. The store announces
 * these inside the writing transaction; which cached value each one makes stale is in
 * src/cache/cache-invalidation.ts, with the table of every write.
 */
export type StoreChange =
  | { kind: 'apps' }
  | { kind: 'resync' }
  /** The signing keys were rotated or pruned: every node reloads them. */
  | { kind: 'signing-keys' }
  /** Sessions were revoked: the one named, those opened with a key, or all of a user's. */
  | { kind: 'sessions-revoked'; sessionId?: string; keyId?: string; userId?: string }
  /** A user gained an identity (linking). */
  | { kind: 'identities'; userId: string }
  /** A user's own record changed (custom data). */
  | { kind: 'user'; userId: string }
  /** A user's API keys changed: one created, enabled, disabled or deleted. */
  | { kind: 'keys'; userId: string };

/** Where PostgreSQL carries announcements between nodes (LISTEN/NOTIFY); each payload is a StoreChange as JSON. */
export const CHANGE_CHANNEL = 'latchkey_changes';

const keysOf = (owner: KeyOwner): StoreChange[] => (owner.kind === 'user' ? [{ kind: 'keys', userId: owner.userId }] : []);

/** What each write announces, named by its effect: the store sends exactly these, in the writing transaction. */
export const ANNOUNCE = {
  appsChanged: (): StoreChange[] => [{ kind: 'apps' }],
  signingKeysChanged: (): StoreChange[] => [{ kind: 'signing-keys' }],
  everythingStale: (): StoreChange[] => [{ kind: 'apps' }, { kind: 'resync' }],
  userIdentitiesChanged: (userId: string): StoreChange[] => [{ kind: 'identities', userId }],
  userRecordChanged: (userId: string): StoreChange[] => [{ kind: 'user', userId }],
  userSessionsRevoked: (userId: string): StoreChange[] => [{ kind: 'sessions-revoked', userId }],
  sessionRevoked: (sessionId: string): StoreChange[] => [{ kind: 'sessions-revoked', sessionId }],
  userKeyListChanged: (userId: string): StoreChange[] => [{ kind: 'keys', userId }],
  keyListChanged: (owner: KeyOwner): StoreChange[] => keysOf(owner),
  keySessionsRevoked: (owner: KeyOwner, keyId: string): StoreChange[] => [{ kind: 'sessions-revoked', keyId }, ...keysOf(owner)],
};
