import Type, { type Static } from 'typebox';
import { ObjectId, OpenObject, Paging } from './common.js';
import { AUDIT_EVENT_TYPES, type AuditEventType } from './event-types.js';

export { AUDIT_EVENT_TYPES, type AuditEventType };
export const AuditEventTypeName = Type.Unsafe<AuditEventType>(Type.String({ enum: [...AUDIT_EVENT_TYPES] }));

/** An audit event: ids, addresses and codes, never a secret. */
export const AuditEvent = Type.Object({
  _id: Type.String(),
  type: AuditEventTypeName,
  at: Type.String(),
  actor: Type.String({ description: '`user:<id>`, `admin`, `system` or `anonymous` (a client not signed in)' }),
  user_id: Type.Union([Type.String(), Type.Null()]),
  key_id: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  user_agent: Type.Union([Type.String(), Type.Null()]),
  detail: OpenObject(),
});
export type AuditEvent = Static<typeof AuditEvent>;

const Since = (description: string) =>
  Type.Optional(Type.String({ format: 'date-time', description: `${description} (RFC 3339, e.g. 2026-11-23T10:00:00Z)` }));
export const AuditFilters = Type.Object(
  {
    ...Paging,
    type: Type.Optional(AuditEventTypeName),
    user_id: Type.Optional(ObjectId),
    key_id: Type.Optional(ObjectId),
    since: Since('Events at or after this time'),
    until: Since('Events before this time'),
  },
  { additionalProperties: false },
);
export type AuditFilters = Static<typeof AuditFilters>;
