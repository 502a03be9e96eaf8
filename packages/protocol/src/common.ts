import Type from 'typebox';
import { OBJECT_ID_PATTERN } from './patterns.js';

export { OBJECT_ID_PATTERN };
/** A 24-hex-digit id, as App Services' ObjectIds: users, keys, identities, events. */
export const ObjectId = Type.String({ pattern: OBJECT_ID_PATTERN });

/** An RFC 3339 time, as every answer writes times. */
export const Time = (description?: string) => Type.String({ format: 'date-time', ...(description ? { description } : {}) });
export const NullableTime = (description: string) => Type.Union([Time(description), Type.Null()]);
/** A JSON object with any fields (custom data, profile data, event details). */
export const OpenObject = (options: { description?: string } = {}) =>
  Type.Unsafe<Record<string, unknown>>(Type.Object({}, { additionalProperties: true, ...options }));
export const NullableString = Type.Union([Type.String(), Type.Null()]);

/** An email address as the routes take it: checked and normalised by the server, bounded here. */
export const MAX_EMAIL_LENGTH = 254;
export const Email = Type.String({ maxLength: MAX_EMAIL_LENGTH });

/** What a password may be: App Services' bounds. */
export const PASSWORD_LENGTH = { minimum: 6, maximum: 128 } as const;
export const Password = Type.String({ maxLength: PASSWORD_LENGTH.maximum });

/** Newest first; `after` is the last `_id` of the previous page. */
export const Paging = {
  after: Type.Optional(ObjectId),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
};
