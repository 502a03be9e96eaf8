import Type, { type Static, type TProperties } from 'typebox';
import { Email, OpenObject, Password } from './common.js';

/** The answer to every login: realm-web and realm-core read these four fields. */
export const LoginAnswer = Type.Object({
  access_token: Type.String(),
  refresh_token: Type.Union([Type.String(), Type.Null()]),
  user_id: Type.String(),
  device_id: Type.String(),
});
export type LoginAnswer = Static<typeof LoginAnswer>;

/** A new access token from a refresh token. */
export const AccessTokenAnswer = Type.Object({ access_token: Type.String() });
export type AccessTokenAnswer = Static<typeof AccessTokenAnswer>;

/** realm-core adds `options.device` to every login body; realm-web does not: both are accepted. */
const Device = Type.Optional(Type.Object({ device: Type.Optional(Type.Object({}, { additionalProperties: true })) }));
const Credential = <Properties extends TProperties>(properties: Properties) =>
  Type.Object({ ...properties, options: Device }, { additionalProperties: true });
export const PasswordCredential = Credential({ username: Email, password: Password });
export const ApiKeyCredential = Credential({ key: Type.String({ maxLength: 256 }) });
/** Custom JWT: the token the app's identity system signed. */
export const CustomTokenCredential = Credential({ token: Type.String({ minLength: 1, maxLength: 16_384 }) });
/** Google: an id token (realm-core's `id_token`, or realm-web's `{idToken}`), or a server auth code. */
export const GoogleCredential = Credential({
  id_token: Type.Optional(Type.String({ minLength: 1, maxLength: 16_384 })),
  idToken: Type.Optional(Type.String({ minLength: 1, maxLength: 16_384 })),
  authCode: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
});
export const AppleCredential = Credential({ id_token: Type.String({ minLength: 1, maxLength: 16_384 }) });
export const FacebookCredential = Credential({ accessToken: Type.String({ minLength: 1, maxLength: 4096 }) });
/** Custom function: the payload itself, whatever the app's login function takes (`options` is the clients' device document). */
export const FunctionCredential = Type.Object({ options: Device }, { additionalProperties: true });
export const LinkQuery = Type.Object({ link: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])) });

const ProfileIdentity = Type.Object({
  id: Type.String(),
  provider_type: Type.String(),
  provider_id: Type.String(),
  provider_data: OpenObject(),
});
/** The profile as the clients read it: `data.email` for email users (realm-web's `user.profile.email`). */
export const Profile = Type.Object({
  user_id: Type.String(),
  domain_id: Type.String(),
  type: Type.String(),
  identities: Type.Array(ProfileIdentity),
  data: OpenObject(),
});
export type Profile = Static<typeof Profile>;

/** Where the app is served: the clients send every later request to `hostname`. */
export const Location = Type.Object({
  deployment_model: Type.String(),
  location: Type.String(),
  hostname: Type.String(),
  ws_hostname: Type.String(),
});
export type Location = Static<typeof Location>;

/** The email/password provider's account flows (App Services' routes and bodies). */
export const Registration = Type.Object({ email: Email, password: Password });
export const TokenDetails = Type.Object({ token: Type.String({ maxLength: 256 }), tokenId: Type.String({ maxLength: 64 }) });
export type TokenDetails = Static<typeof TokenDetails>;
export const EmailOnly = Type.Object({ email: Email });
export const PasswordReset = Type.Object({ ...TokenDetails.properties, password: Password });
export const PasswordResetCall = Type.Object({
  email: Email,
  password: Password,
  arguments: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 20 })),
});
