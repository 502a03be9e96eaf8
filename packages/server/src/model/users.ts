import { type IdentityProviderType } from '@latchkey/protocol';
import type { CustomUserData } from './custom-data.js';

export type UserType = 'normal' | 'server';

export interface User {
  id: string;
  appId: string;
  type: UserType;
  createdAt: number;
  customData: CustomUserData;
  /** A disabled user cannot log in by any means, and has no session. */
  disabled: boolean;
  /** When the user last logged in; recorded in batches, so up to a few seconds behind. */
  lastLoginAt: number | null;
  /** The profile's `data` as the system the user was imported from reported it; null: made from the identities. */
  profileData: Record<string, unknown> | null;
  /** When the user was imported; null for users made here. */
  importedAt: number | null;
}

/** How a user proves who they are; an email identity may exist before its user (registered, never logged in). */
export interface Identity {
  id: string;
  appId: string;
  userId: string | null;
  providerType: IdentityProviderType;
  email: string | null;
  passwordHash: string | null;
  /** An email identity awaiting confirmation cannot log in; every other identity is confirmed. */
  confirmed: boolean;
  createdAt: number;
  /** The user's id at the provider, for identities brought in by an import (App Services' identity `id`). */
  externalId?: string | null;
  /** The provider's configuration id in the system it came from (App Services' `provider_id`). */
  providerId?: string | null;
  /** What the provider said about the user there (App Services' `provider_data`). */
  providerData?: Record<string, unknown> | null;
}

/** A user with their identities: what profiles and tokens are made from, cached per user. */
export interface UserRecord {
  user: User;
  identities: Identity[];
}

/** A new, enabled user that has never logged in. */
export function newUser(id: string, appId: string, type: UserType, now: number): User {
  return { id, appId, type, createdAt: now, customData: {}, disabled: false, lastLoginAt: null, profileData: null, importedAt: null };
}

/** Anonymous means every identity the user has is anonymous: linking an email makes them a full user. */
export function isAnonymous({ identities }: UserRecord): boolean {
  return identities.length > 0 && identities.every((identity) => identity.providerType === 'anon-user');
}

/** A user as an operator lists them: with identities and how many API keys they own. */
export interface UserSummary extends UserRecord {
  apiKeyCount: number;
}

/** Which users an operator asks for: newest first, `limit` of them, after the user `after`. */
export interface UserQuery {
  limit: number;
  after?: string | undefined;
  /** An exact, normalised email. */
  email?: string | undefined;
  provider?: IdentityProviderType | undefined;
  disabled?: boolean | undefined;
  type?: UserType | undefined;
}
