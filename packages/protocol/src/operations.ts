import Type, { type Static } from 'typebox';
import { NullableString } from './common.js';

/** A queued mail, as the admin API shows it: never its link (the token is made only when it is sent). */
export const QueuedMail = Type.Object({
  _id: Type.String(),
  app_id: Type.String(),
  kind: Type.String(),
  to: Type.String(),
  attempts: Type.Integer(),
  next_attempt_at: Type.String(),
  last_error: NullableString,
  given_up_at: NullableString,
  created_at: Type.String(),
});
export type QueuedMail = Static<typeof QueuedMail>;
export const RequeuedMail = Type.Object({ queued: Type.Integer() });

/** A token-signing key: its id and dates (the public key is in the JWKS; the private key never leaves the server). */
export const SigningKey = Type.Object({
  kid: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  retired_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'When a newer key took over; it verifies until every token it signed has expired (at most a day), then leaves the JWKS',
  }),
  signing: Type.Boolean(),
});
export type SigningKey = Static<typeof SigningKey>;

export const MAX_STATS_HOURS = 24 * 31;
const Count = Type.Integer({ minimum: 0 });
const KeyCounts = Type.Object({ total: Count, active: { ...Count, description: 'Neither disabled nor expired' } });
export const LOGIN_OUTCOMES = ['succeeded', 'failed'] as const;
/** Logins of one provider with one outcome in one hour. */
export const LoginCount = Type.Object({
  hour: Type.String({ format: 'date-time', description: "The hour's start (UTC)" }),
  provider: Type.String(),
  outcome: Type.Unsafe<(typeof LOGIN_OUTCOMES)[number]>(Type.String({ enum: [...LOGIN_OUTCOMES] })),
  count: Count,
});
export type LoginCount = Static<typeof LoginCount>;
/** An app at a glance (what the console's dashboard draws). */
export const AppStats = Type.Object({
  since: Type.String({ format: 'date-time', description: 'The start of the first hour counted' }),
  users: Type.Object({ total: Count, disabled: Count, server_users: Count }, { description: 'Normal users; server users apart' }),
  user_keys: KeyCounts,
  server_keys: KeyCounts,
  logins: Type.Array(LoginCount, {
    description: 'Oldest first; hours without logins are absent. Counted from the audit log, so empty when the app keeps none',
  }),
});
export type AppStats = Static<typeof AppStats>;
export const StatsQuery = Type.Object(
  {
    hours: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_STATS_HOURS, default: 24, description: 'Hours of logins, the current one included' }),
    ),
  },
  { additionalProperties: false },
);
