import Type from 'typebox';

/** The login providers Latchkey serves, by their App Services names. */
export const PROVIDERS = [
  'local-userpass',
  'anon-user',
  'api-key',
  'custom-token',
  'custom-function',
  'oauth2-google',
  'oauth2-apple',
  'oauth2-facebook',
] as const;
export type ProviderType = (typeof PROVIDERS)[number];
export const ProviderName = Type.Unsafe<ProviderType>(Type.String({ enum: [...PROVIDERS] }));

/** Every provider App Services had, which an identity may have (all of them are served now). */
export const IDENTITY_PROVIDERS = [...PROVIDERS] as const;
export type IdentityProviderType = (typeof IDENTITY_PROVIDERS)[number];
export const IdentityProviderName = Type.Unsafe<IdentityProviderType>(Type.String({ enum: [...IDENTITY_PROVIDERS] }));

export function isIdentityProvider(name: string): name is IdentityProviderType {
  return (IDENTITY_PROVIDERS as readonly string[]).includes(name);
}
