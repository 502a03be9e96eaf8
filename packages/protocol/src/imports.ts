import Type, { type Static } from 'typebox';
import { NullableTime } from './common.js';
import { App, AppSettingsUpdate } from './apps.js';

/** Moving an App Services app in: its configuration, its users, their custom data, and the reset mails after. */

export const ImportFailure = Type.Object({
  line: Type.Optional(Type.Integer({ description: 'The line of a JSON Lines file' })),
  item: Type.Optional(Type.Integer({ description: 'The position in a JSON array, from 1' })),
  id: Type.Optional(Type.String({ description: "The record's own id, when it had a readable one" })),
  reason: Type.String(),
});
export type ImportFailure = Static<typeof ImportFailure>;

const Counts = {
  dry_run: Type.Boolean({ description: 'Nothing was written: the counts say what an import would do' }),
  imported: Type.Integer(),
  present: Type.Integer({ description: 'Already there (an earlier import): left as they are' }),
  failed: Type.Integer(),
  failures: Type.Array(ImportFailure, { description: 'The first 1,000 failures, in file order' }),
};

const CountByName = Type.Record(Type.String(), Type.Integer());

export const UserImportReport = Type.Object({
  ...Counts,
  notices: Type.Object({
    without_password: Type.Integer({ description: 'Email users imported without a password hash: they log in after a reset' }),
    password_hashes: Type.Unsafe<Record<string, number>>({ ...CountByName, description: 'Imported password hashes by scheme' }),
    keys_imported: Type.Integer(),
    users_with_keys_to_recreate: Type.Integer({ description: 'Users with an api-key identity and no api_keys in the file' }),
    anonymous: Type.Integer({ description: 'Anonymous users: kept (their data keeps its owner), never swept' }),
    disabled: Type.Integer(),
    identities_not_served: Type.Unsafe<Record<string, number>>({
      ...CountByName,
      description: 'Identities of providers not served yet, by provider',
    }),
  }),
  accept_imported_keys_turned_on: Type.Boolean({
    description: "Keys were imported, so the app's acceptImportedKeys setting was turned on",
  }),
});
export type UserImportReport = Static<typeof UserImportReport>;

export const CustomDataImportReport = Type.Object(Counts);
export type CustomDataImportReport = Static<typeof CustomDataImportReport>;

const Start = Type.Optional(
  Type.Integer({ minimum: 1, description: "The number of the body's first line or item (a file sent in parts keeps its numbers)" }),
);
const Unit = Type.Optional(
  Type.Unsafe<'line' | 'item'>(
    Type.String({
      enum: ['line', 'item'],
      description: 'Report positions as lines or items (default: lines for JSON Lines, items for an array)',
    }),
  ),
);
const DryRun = Type.Optional(Type.Boolean({ description: 'Check everything, write nothing' }));

export const UserImportQuery = Type.Object({ dry_run: DryRun, start: Start, unit: Unit }, { additionalProperties: false });
export type UserImportQuery = Static<typeof UserImportQuery>;
export const CustomDataImportQuery = Type.Object(
  {
    dry_run: DryRun,
    start: Start,
    unit: Unit,
    user_id_field: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: "The field holding the user id (App Services' user_id_field; default user_id)",
      }),
    ),
  },
  { additionalProperties: false },
);
export type CustomDataImportQuery = Static<typeof CustomDataImportQuery>;

export const AppImportRequest = Type.Object(
  {
    files: Type.Record(Type.String({ maxLength: 1024 }), Type.Unknown(), {
      description: "The export's files by path (realm_config.json, auth/providers.json, …): JSON files parsed, any other file as null",
    }),
    settings: Type.Optional(AppSettingsUpdate),
    dry_run: DryRun,
  },
  { additionalProperties: false },
);
export type AppImportRequest = Static<typeof AppImportRequest>;

export const AppImportReport = Type.Object({
  status: Type.Unsafe<'created' | 'present'>(
    Type.String({ enum: ['created', 'present'], description: 'present: an app with that client app id exists and was left as it is' }),
  ),
  dry_run: Type.Boolean(),
  app: App,
  custom_user_data: Type.Union([
    Type.Object({
      database: Type.Union([Type.String(), Type.Null()]),
      collection: Type.Union([Type.String(), Type.Null()]),
      user_id_field: Type.String(),
    }),
    Type.Null(),
  ]),
  to_do: Type.Array(Type.String(), { description: 'Steps to take by hand' }),
  not_served: Type.Array(Type.Object({ path: Type.String(), what: Type.String(), instead: Type.String() })),
});
export type AppImportReport = Static<typeof AppImportReport>;

export const ResetCampaignRequest = Type.Object(
  {
    per_minute: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'Mails per minute (default 600)' })),
    again: Type.Optional(Type.Boolean({ description: 'Mail users already mailed by an earlier run too' })),
  },
  { additionalProperties: false },
);
export type ResetCampaignRequest = Static<typeof ResetCampaignRequest>;
export const ResetCampaign = Type.Object({ queued: Type.Integer(), last_due_at: NullableTime('When the last of them is due to go') });
export type ResetCampaign = Static<typeof ResetCampaign>;
