import Type from 'typebox';

/** The login providers Latchkey serves, by their App Services names. */
export const PROVIDERS = ['local-userpass', 'anon-user', 'api-key'] as const;
export type ProviderType = (typeof PROVIDERS)[number];
export const ProviderName = Type.Unsafe<ProviderType>(Type.String({ enum: [...PROVIDERS] }));
