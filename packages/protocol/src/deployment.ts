import Type, { type Static } from 'typebox';
import { ObjectId } from './common.js';

/** Moving a whole deployment between servers (and stores): docs/deploy.md, docs/deployment-file.md. */

export const DeploymentExportQuery = Type.Object(
  {
    audit_log: Type.Optional(Type.Boolean({ description: 'Include the audit log (left out by default: it can be most of the data)' })),
    include_clear_secrets: Type.Optional(
      Type.Boolean({
        description:
          'Without LATCHKEY_SECRET_KEY the signing keys, webhook secrets and secret settings are stored in clear: the export is refused unless this is true',
      }),
    ),
  },
  { additionalProperties: false },
);
export type DeploymentExportQuery = Static<typeof DeploymentExportQuery>;

export const DeploymentImportRequest = Type.Object(
  {
    header: Type.String({ minLength: 1, maxLength: 4096, description: "The file's first line, exactly as written" }),
    merge: Type.Optional(
      Type.Boolean({
        description:
          "Bring the file's apps in beside this server's own (which must not include any of them), instead of into an empty server",
      }),
    ),
  },
  { additionalProperties: false },
);
export type DeploymentImportRequest = Static<typeof DeploymentImportRequest>;

const RowsByTable = Type.Unsafe<Record<string, number>>({
  ...Type.Record(Type.String(), Type.Integer()),
  description: 'Rows written so far, by table',
});

export const DeploymentImportStarted = Type.Object({
  import_id: Type.String(),
  next_line: Type.Integer({ description: 'The line the next request starts at' }),
  replaced_apps: Type.Array(Type.String(), {
    description:
      "The client app ids of this server's apps (without users) that the file's replace; they come back if the import is abandoned",
  }),
});
export type DeploymentImportStarted = Static<typeof DeploymentImportStarted>;

export const DeploymentLinesParams = Type.Object({ importId: ObjectId });
export const DeploymentLinesQuery = Type.Object(
  { from: Type.Integer({ minimum: 2, description: "The number of the body's first line: the import's next line" }) },
  { additionalProperties: false },
);
export type DeploymentLinesQuery = Static<typeof DeploymentLinesQuery>;

export const DeploymentImportProgress = Type.Object({
  done: Type.Boolean({ description: 'The trailer was read and verified: the deployment is in, and every node has reloaded it' }),
  next_line: Type.Integer({
    description: 'The line the next request starts at (lines after the last check of this request were not written)',
  }),
  rows: RowsByTable,
});
export type DeploymentImportProgress = Static<typeof DeploymentImportProgress>;

export const DeploymentImportAbandoned = Type.Object({
  abandoned: Type.Boolean({ description: 'An unfinished import was undone (false: there was none)' }),
});
export type DeploymentImportAbandoned = Static<typeof DeploymentImportAbandoned>;
