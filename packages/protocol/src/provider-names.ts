/**
 * The provider names alone, without a schema: `@latchkey/protocol/provider-names` loads in
 * microseconds where the package's index loads TypeBox (about 0.2 s), which a command-line
 * tool listing the names should not pay.
 */

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

/** Every provider App Services had, which an identity may have (all of them are served now). */
export const IDENTITY_PROVIDERS = [...PROVIDERS] as const;
export type IdentityProviderType = (typeof IDENTITY_PROVIDERS)[number];
