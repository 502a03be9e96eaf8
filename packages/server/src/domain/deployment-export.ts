import { LatchkeyError } from '../model/errors.js';
import { EXPORTED_TABLES, type ExportedTable } from '../store/deployment-tables.js';
import type { Snapshot } from '../store/deployment-store.js';
import { VERSION } from '../version.js';
import type { Deps } from './deps.js';
import { DEPLOYMENT_FORMAT, DEPLOYMENT_FORMAT_VERSION, type DeploymentHeader } from './deployment-file.js';
import { DeploymentWriter } from './deployment-writer.js';
import { toFileValue } from './deployment-values.js';

export interface ExportOptions {
  auditLog: boolean;
  /** Without a key-encryption key the signing keys (and every secret setting) are in clear: written only when asked. */
  includeClearSecrets: boolean;
}

/** Rows read and written per step: the stream's pace follows its reader. */
const PAGE_ROWS = 2_000;

type Uses = Pick<Deps, 'store' | 'clock' | 'secretKeys' | 'activity' | 'audit'>;

/**
 * Everything the deployment holds as one file (deployment-file.ts), consistent as of one moment:
 * what this node still holds in memory (last-use times, audit events) is written first, then
 * the store's snapshot is read table by table as the caller consumes the lines.
 */
export async function exportDeployment(deps: Uses, options: ExportOptions): Promise<AsyncGenerator<string>> {
  const kek = deps.secretKeys.current;
  if (!kek && !options.includeClearSecrets)
    throw new LatchkeyError(
      'ClearSecretsRefused',
      'this server keeps its signing keys and secret settings in clear (no LATCHKEY_SECRET_KEY): set LATCHKEY_SECRET_KEY and restart to seal them, ' +
        'or ask for them in clear (include_clear_secrets=true; latchkey export --include-clear-signing-keys) and keep the file as secret as they are',
    );
  await Promise.all([deps.activity.flush(), deps.audit.flush()]);
  const snapshot = await deps.store.deployment.openSnapshot();
  const takenAt = deps.clock.now();
  const header: DeploymentHeader = {
    format: DEPLOYMENT_FORMAT,
    version: DEPLOYMENT_FORMAT_VERSION,
    schema: deps.store.deployment.schemaVersion,
    exported_at: new Date(takenAt).toISOString(),
    store: deps.store.deployment.dialect,
    server_version: VERSION,
    audit_log: options.auditLog,
    secrets: kek ? 'sealed' : 'clear',
    key_encryption_key: kek?.id ?? null,
  };
  const tables = EXPORTED_TABLES.filter((table) => !table.optional || (table.optional === 'audit_log' && options.auditLog));
  return lines(snapshot, header, tables, takenAt);
}

async function* lines(snapshot: Snapshot, header: DeploymentHeader, tables: ExportedTable[], takenAt: number): AsyncGenerator<string> {
  const writer = new DeploymentWriter();
  try {
    yield writer.header(header);
    for (const table of tables) {
      yield writer.section(table);
      const select = `SELECT ${table.columns.map(([name]) => name).join(', ')} FROM ${table.name}${table.where ? ` WHERE ${table.where}` : ''}`;
      const params = table.where?.includes('?') ? [takenAt] : [];
      for await (const page of snapshot.scan(select, params, PAGE_ROWS)) {
        let chunk = '';
        for (const row of page) chunk += writer.row(table.columns.map(([, type], at) => toFileValue(type, row[at])));
        yield chunk;
      }
    }
    yield writer.end();
  } finally {
    await snapshot.close();
  }
}
