import type { Session } from '../store/store.js';
import type { Deps } from './deps.js';
import { LatchkeyError } from './errors.js';
import { requireSessionWithoutKey } from './session-strength.js';
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

/** A user with their identities: what profiles and tokens are made from, cached per user. */
export interface UserRecord {
  user: User;
  identities: Identity[];
}

/** How a user proves who they are; an email identity may exist before its user (registered, never logged in). */
export interface Identity {
  id: string;
  appId: string;
  userId: string | null;
  providerType: ProviderType;
  email: string | null;
  passwordHash: string | null;
  createdAt: number;
}

export interface Profile {
  user_id: string;
  domain_id: string;
  type: UserType;
  identities: { id: string; provider_type: ProviderType; provider_id: string; provider_data: Record<string, unknown> }[];
  data: Record<string, unknown>;
}

/** Anonymous means every identity the user has is anonymous: linking an email makes them a full user. */
export function isAnonymous({ identities }: UserRecord): boolean {
  return identities.length > 0 && identities.every((identity) => identity.providerType === 'anon-user');
}

export function profileOf(user: User, identities: Identity[]): Profile {
  const email = identities.find((identity) => identity.email !== null)?.email;
  return {
    user_id: user.id,
    domain_id: user.appId,
    type: user.type,
    identities: identities.map((identity) => ({
      id: identity.id,
      provider_type: identity.providerType,
      provider_id: identity.providerType,
      provider_data: identity.email ? { email: identity.email } : {},
    })),
    data: email ? { email } : {},
  };
}

/** The session's user and identities (cached; changes are pushed). A deleted user has no session. */
export async function userOfSession(deps: Deps, session: Session): Promise<UserRecord> {
  const record = await deps.caches.user(session.appId, session.userId);
  if (!record) throw new LatchkeyError('InvalidSession');
  return record;
}

export async function getProfile(deps: Deps, session: Session): Promise<Profile> {
  const { user, identities } = await userOfSession(deps, session);
  return profileOf(user, identities);
}

/** Deletes the user behind the session with everything they own; their tokens die with it. */
export async function deleteUser(deps: Deps, session: Session): Promise<void> {
  requireSessionWithoutKey(session, 'delete the user');
  if (!(await deps.store.deleteUser(session.appId, session.userId))) throw new LatchkeyError('UserNotFound');
}
