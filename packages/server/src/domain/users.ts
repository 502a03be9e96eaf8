import type { Session } from '../store/store.js';
import type { Deps } from './deps.js';
import { LatchkeyError } from './errors.js';
import type { ProviderType } from './apps.js';

export type UserType = 'normal' | 'server';

export interface User {
  id: string;
  appId: string;
  type: UserType;
  createdAt: number;
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
export function isAnonymous(profile: Profile): boolean {
  return profile.identities.length > 0 && profile.identities.every((identity) => identity.provider_type === 'anon-user');
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

export async function getProfile(deps: Deps, session: Session): Promise<Profile> {
  const profile = await deps.caches.profile(session.userId, async () => {
    const user = await deps.store.findUser(session.appId, session.userId);
    return user ? profileOf(user, await deps.store.listIdentities(user.id)) : null;
  });
  if (!profile) throw new LatchkeyError('InvalidSession');
  return profile;
}

/** Deletes the user behind the session with everything they own; their tokens die with it. */
export async function deleteUser(deps: Deps, session: Session): Promise<void> {
  if (!(await deps.store.deleteUser(session.appId, session.userId))) throw new LatchkeyError('UserNotFound');
}
