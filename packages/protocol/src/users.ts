import Type, { type Static } from 'typebox';
import { Email, NullableTime, OpenObject, Paging, Password } from './common.js';
import { IdentityProviderName } from './providers.js';

export const USER_TYPES = ['normal', 'server'] as const;
export type UserType = (typeof USER_TYPES)[number];
const UserTypeName = Type.Unsafe<UserType>(Type.String({ enum: [...USER_TYPES] }));

/** A user as the admin API lists them: no password hash, no custom data (it has its own route). */
export const AdminUser = Type.Object({
  _id: Type.String(),
  type: UserTypeName,
  disabled: Type.Boolean(),
  created_at: Type.String(),
  last_login_at: NullableTime('The last login (recorded within seconds); null: never'),
  identities: Type.Array(
    Type.Object({ id: Type.String(), provider_type: IdentityProviderName, email: Type.Union([Type.String(), Type.Null()]) }),
  ),
  api_key_count: Type.Integer(),
  imported_at: NullableTime('When the user was imported (from App Services or another system); null: made here'),
});
export type AdminUser = Static<typeof AdminUser>;

export const UserFilters = Type.Object(
  {
    ...Paging,
    email: Type.Optional(Type.String({ maxLength: 254, description: 'Exact; normalised as at registration' })),
    provider: Type.Optional(IdentityProviderName),
    disabled: Type.Optional(Type.Boolean()),
    type: Type.Optional(UserTypeName),
  },
  { additionalProperties: false },
);
export type UserFilters = Static<typeof UserFilters>;

export const NewPasswordUser = Type.Object({ email: Email, password: Password }, { additionalProperties: false });
export type NewPasswordUser = Static<typeof NewPasswordUser>;

/** A registration awaiting confirmation, as the admin API lists it. */
export const PendingRegistration = Type.Object({ _id: Type.String(), email: Type.String(), created_at: Type.String() });
export type PendingRegistration = Static<typeof PendingRegistration>;

export const MAX_CUSTOM_DATA_BYTES = 16 * 1024;
export const MAX_CUSTOM_DATA_DEPTH = 64;
/** A user's custom data: carried in every access token as `user_data`. */
export const CustomUserData = OpenObject({
  description: `A JSON object of at most ${MAX_CUSTOM_DATA_BYTES} bytes, no key starting with "$", nested at most ${MAX_CUSTOM_DATA_DEPTH} deep`,
});
export type CustomUserData = Static<typeof CustomUserData>;
