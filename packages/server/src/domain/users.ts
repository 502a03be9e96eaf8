import type { ProviderType } from './apps.js';
import type { CustomUserData } from './custom-data.js';

export type UserType = 'normal' | 'server';

export interface User {
  id: string;
  appId: string;
  type: UserType;
  createdAt: number;
  customData: CustomUserData;
}

/** How a user proves who they are; an email identity may exist before its user (registered, never logged in). */
export interface Identity {
  id: string;
  appId: string;
  userId: string | null;
  providerType: ProviderType;
  email: string | null;
  passwordHash: string | null;
  /** An email identity awaiting confirmation cannot log in; every other identity is confirmed. */
  confirmed: boolean;
  createdAt: number;
}

/** A user with their identities: what profiles and tokens are made from, cached per user. */
export interface UserRecord {
  user: User;
  identities: Identity[];
}

/** Anonymous means every identity the user has is anonymous: linking an email makes them a full user. */
export function isAnonymous({ identities }: UserRecord): boolean {
  return identities.length > 0 && identities.every((identity) => identity.providerType === 'anon-user');
}
