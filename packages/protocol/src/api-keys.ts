import Type, { type Static } from 'typebox';
import { MAX_SCOPES } from './apps.js';
import { NullableTime, ObjectId, Time } from './common.js';
import { KEY_NAME_PATTERN, SCOPE_PATTERN } from './patterns.js';

export { KEY_NAME_PATTERN };
export const KeyName = Type.String({ pattern: KEY_NAME_PATTERN });
/** The longest grace a rotation may give the old secret. */
export const MAX_ROTATION_GRACE_SECONDS = 7 * 24 * 3600;
/** Longer than any key (4 + 43 + 6 characters); longer strings are refused, not hashed. */
export const MAX_KEY_LENGTH = 200;
/** How many leaked keys one revocation request may name. */
export const MAX_REVOKED_PER_REQUEST = 100;

/** App Services' three fields, then Latchkey's: clients that know only the first three ignore the rest. */
const KeyFields = {
  _id: Type.String(),
  name: Type.String(),
  disabled: Type.Boolean(),
  created_at: Time('When the key was created'),
  last_used_at: NullableTime('Its last login or verification (recorded within seconds); null: never used'),
  expires_at: NullableTime('When it stops logging in; null: never'),
  scopes: Type.Array(Type.String(), { description: 'Empty: unscoped (the whole account)' }),
  previous_secret_valid_until: NullableTime(
    "After a rotation with a grace: until when the key's previous secret still logs in; null: no previous secret",
  ),
};
/** A key's metadata: never its secret or hash. */
export const ApiKey = Type.Object(KeyFields);
export type ApiKey = Static<typeof ApiKey>;
/** The answer to creating or rotating a key: the only time its secret (`key`) appears. */
export const CreatedApiKey = Type.Object({ ...KeyFields, key: Type.String() });
export type CreatedApiKey = Static<typeof CreatedApiKey>;

/** App Services sent only the name; the rest is Latchkey's, and optional. */
export const NewApiKey = Type.Object({
  name: KeyName,
  expires_at: Type.Optional(Time("When the key stops logging in (within the app's maxApiKeyLifetimeDays)")),
  scopes: Type.Optional(
    Type.Array(Type.String({ pattern: SCOPE_PATTERN }), {
      maxItems: MAX_SCOPES,
      description: "A subset of the app's apiKeyScopes, carried by the key's access tokens as `scope`; omitted: unscoped",
    }),
  ),
});
export type NewApiKey = Static<typeof NewApiKey>;
export const NewServerApiKey = Type.Object({ name: KeyName });

export const KeyRotation = Type.Object({
  grace_seconds: Type.Integer({
    minimum: 0,
    maximum: MAX_ROTATION_GRACE_SECONDS,
    description: 'How long the old secret still logs in (at most 7 days); 0 ends it and its sessions now',
  }),
});
export type KeyRotation = Static<typeof KeyRotation>;
export const KeyIdParams = Type.Object({ keyId: ObjectId });

export const KeyString = Type.String({ minLength: 1, maxLength: MAX_KEY_LENGTH });
export const LeakedKeys = Type.Object({ keys: Type.Array(KeyString, { minItems: 1, maxItems: MAX_REVOKED_PER_REQUEST }) });
export const KeyToVerify = Type.Object({ key: KeyString });
export const KEY_REFUSALS = ['NOT_FOUND', 'DISABLED', 'EXPIRED'] as const;

/**
 * One object schema rather than a union of the two answers: a union makes the serialiser
 * validate each answer against its branches, on the hot path of every backend that verifies.
 */
export const KeyVerification = Type.Object(
  {
    valid: Type.Boolean(),
    key_id: Type.Optional(Type.String()),
    user_id: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    scopes: Type.Optional(Type.Array(Type.String())),
    expires_at: Type.Optional(Type.Union([Time(), Type.Null()])),
    code: Type.Optional(Type.Unsafe<(typeof KEY_REFUSALS)[number]>(Type.String({ enum: [...KEY_REFUSALS] }))),
  },
  {
    description:
      'Valid: `{"valid": true, "key_id", "user_id", "name", "scopes", "expires_at"}`. Not: `{"valid": false, "code"}` with NOT_FOUND (unknown, malformed, ' +
      "another app's, or an old secret past its rotation grace), DISABLED (the key or its user) or EXPIRED",
  },
);
export type KeyVerification = Static<typeof KeyVerification>;
