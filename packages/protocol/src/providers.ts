import Type from 'typebox';

import { IDENTITY_PROVIDERS, PROVIDERS, type IdentityProviderType, type ProviderType } from './provider-names.js';

export { IDENTITY_PROVIDERS, PROVIDERS, type IdentityProviderType, type ProviderType };
export const ProviderName = Type.Unsafe<ProviderType>(Type.String({ enum: [...PROVIDERS] }));

export const IdentityProviderName = Type.Unsafe<IdentityProviderType>(Type.String({ enum: [...IDENTITY_PROVIDERS] }));

export function isIdentityProvider(name: string): name is IdentityProviderType {
  return (IDENTITY_PROVIDERS as readonly string[]).includes(name);
}
