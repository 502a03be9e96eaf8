import { newObjectId } from '../crypto/ids.js';
import { SealedSecretError } from '../crypto/sealed-secrets.js';
import { mergeSerialisedSigningKeys, parseSigningKeys, reprotectSerialisedSigningKeys } from '../crypto/signing-keys.js';
import { LatchkeyError } from '../model/errors.js';
import { RefusedRowsError, type TableRows } from '../store/deployment-store.js';
import { exportedTable } from '../store/deployment-tables.js';
import type { Deps } from './deps.js';
import { DeploymentFileError } from './deployment-file.js';
import { DeploymentReader, type BlockRows, type ReaderState } from './deployment-reader.js';
import { BlockWrites, LINES_PER_TURN, inProgress, nextTurn, unfinished, type Progress } from './deployment-progress.js';
import { toFileValue, toStoredValue } from './deployment-values.js';
import { resealSettingSecrets } from './provider-secrets.js';
import { resealWebhookSecrets } from './webhook-secrets.js';

type Uses = Pick<Deps, 'store' | 'clock' | 'secretKeys' | 'signingKeys'>;

const APPS = exportedTable('apps')!;

export interface ImportStarted {
  importId: string;
  nextLine: number;
  replacedApps: string[];
}

export interface ImportProgress {
  done: boolean;
  nextLine: number;
  rows: Record<string, number>;
}

const fileRefusal = (message: string) => new LatchkeyError('BadRequest', message);

const notEmpty = (users: number) =>
  new LatchkeyError(
    'DeploymentNotEmpty',
    `this server already holds ${users} user${users === 1 ? '' : 's'}: import into an empty server, or merge the file's apps in beside this server's own`,
  );

/** Reads the file's header, checks this server can take it, and begins the import (clearing this server's apps unless merging). */
export async function startDeploymentImport(deps: Uses, headerLine: string, merge: boolean): Promise<ImportStarted> {
  const reader = new DeploymentReader();
  let header;
  try {
    const read = reader.push(headerLine);
    header = read?.kind === 'header' ? read.header : null;
  } catch (error) {
    if (error instanceof DeploymentFileError) throw fileRefusal(error.message);
    throw error;
  }
  if (!header) throw fileRefusal('line 1: is not the header of a Latchkey deployment file');
  if (header.schema > deps.store.deployment.schemaVersion)
    throw fileRefusal(
      `line 1: the file was exported by a newer Latchkey (schema ${header.schema}; this server's is ${deps.store.deployment.schemaVersion}): upgrade this server first`,
    );
  const keks = deps.secretKeys;
  if (header.secrets === 'sealed' && ![keks.current?.id, keks.previous?.id].includes(header.key_encryption_key ?? '')) {
    throw new LatchkeyError(
      'SecretKeyMismatch',
      `the file's secrets are sealed with the key-encryption key ${header.key_encryption_key}: start this server with LATCHKEY_SECRET_KEY set to the same key as the server that exported it`,
    );
  }
  const found = await unfinished(deps);
  if (found) throw inProgress(found.progress);
  const now = deps.clock.now();
  const progress: Progress = {
    id: newObjectId(now),
    started_at: now,
    merge,
    reader: reader.state!,
    apps: [],
    revocations: [],
    replaced: [],
    signing_keys: null,
    rows: {},
  };
  const columns = APPS.columns.map(([name]) => name);
  // The apps it replaces are kept in the progress written with their deletion: an undo, even after a crash, restores them.
  const begun = await deps.store.deployment.beginImport(
    (replaced) => {
      progress.replaced = replaced.map((row) => APPS.columns.map(([, type], at) => toFileValue(type, row[at])));
      return JSON.stringify(progress);
    },
    merge ? null : columns,
  );
  if (begun.users > 0) throw notEmpty(begun.users);
  if (!begun.began) {
    const other = await unfinished(deps);
    throw other ? inProgress(other.progress) : new LatchkeyError('ImportInProgress');
  }
  return {
    importId: progress.id,
    nextLine: progress.reader.line,
    replacedApps: progress.replaced.map((row) => String(row[columns.indexOf('client_app_id')])),
  };
}

function tableRows(block: BlockRows): TableRows {
  return {
    table: block.table.name,
    columns: block.columns,
    values: block.rows.map((row) => row.map((value, at) => toStoredValue(block.columns[at]![1], value))),
  };
}

const idsOf = (block: BlockRows): string[] => {
  const at = block.columns.findIndex(([name]) => name === 'id');
  return block.rows.map((row) => row[at] as string);
};

/** What a block adds to the progress; the signing keys are held back until the file is verified to its end. */
function absorb(
  progress: Progress,
  blocks: BlockRows[],
  reader: ReaderState,
  deps: Uses,
  from: number,
): { next: Progress; writes: TableRows[] } {
  const next: Progress = {
    ...progress,
    reader,
    apps: [...progress.apps],
    revocations: [...progress.revocations],
    rows: { ...progress.rows },
  };
  const writes: TableRows[] = [];
  for (const block of blocks) {
    next.rows[block.table.name] = (next.rows[block.table.name] ?? 0) + block.rows.length;
    if (block.table.name === 'server_secrets') {
      const at = block.columns.findIndex(([name]) => name === 'value');
      const keys = block.rows.find((row) => row[block.columns.findIndex(([name]) => name === 'name')] === 'signing-keys');
      if (keys) {
        const serialised = keys[at] as string;
        try {
          parseSigningKeys(serialised, deps.secretKeys);
        } catch (error) {
          const reason = error instanceof SealedSecretError ? error.message : 'they cannot be read';
          throw new DeploymentFileError(from, `the signing keys do not open here: ${reason}`);
        }
        // Sealed as this server wants before it is stored at all, even in the progress: a key in clear never reaches its disk.
        next.signing_keys = reprotectSerialisedSigningKeys(serialised, deps.secretKeys) ?? serialised;
      }
      continue;
    }
    if (block.table.name === 'apps') next.apps.push(...idsOf(block));
    if (block.table.name === 'revocation_requests') next.revocations.push(...idsOf(block));
    writes.push(tableRows(block));
  }
  return { next, writes };
}

function refusalOf(error: RefusedRowsError, from: number, through: number): string {
  const where = `lines ${from}–${through}`;
  if (error.table === 'apps' && error.constraint === 'unique') {
    const named = error.apps.length > 0 ? ` (${error.apps.join(', ')})` : '';
    return `${where}: an app in the file is already on this server${named}, by its id or client app id: merging brings in only apps this server does not have`;
  }
  if (error.constraint === 'unique') return `${where}: a ${error.table} row repeats one already stored (the same id, email, name or key)`;
  if (error.constraint === 'reference') return `${where}: a ${error.table} row refers to a row the file does not hold`;
  return `${where}: a ${error.table} row holds a value its column does not allow`;
}

/**
 * Reads the lines of one request from `from`, writing each block whose check holds together
 * with the progress, and finishes the import at the trailer. A file that fails a check, or a
 * row the database refuses, undoes the whole import: this server is left as it was before it.
 */
export async function importDeploymentLines(deps: Uses, importId: string, from: number, lines: Iterable<string>): Promise<ImportProgress> {
  const found = await unfinished(deps);
  if (!found || found.progress.id !== importId)
    throw new LatchkeyError('ImportNotFound', `no deployment import ${importId} is under way: it finished, or was undone`);
  if (from !== found.progress.reader.line)
    throw new LatchkeyError(
      'ImportInProgress',
      `the import goes on from line ${found.progress.reader.line}; this request starts at line ${from}`,
    );
  const reader = new DeploymentReader(found.progress.reader);
  const writes = new BlockWrites(deps, found);
  try {
    let turn = 0;
    for (const line of lines) {
      if (++turn % LINES_PER_TURN === 0) await nextTurn();
      const read = reader.push(line);
      if (read?.kind === 'block') {
        const { next, writes: rows } = absorb(writes.latest, read.rows, reader.state!, deps, read.from);
        await writes.write(next, rows, read);
      } else if (read?.kind === 'end') {
        await writes.settle();
        await finish(deps, writes.stored.text, writes.stored.progress);
        return { done: true, nextLine: reader.nextLine, rows: writes.stored.progress.rows };
      }
    }
    await writes.settle();
  } catch (error) {
    // A write still on its way is heard first: what the database holds is what the undo removes.
    await writes.settle().catch(() => undefined);
    const refusal =
      error instanceof DeploymentFileError
        ? error.message
        : error instanceof RefusedRowsError
          ? refusalOf(error, writes.range.from, writes.range.through)
          : null;
    if (refusal === null) throw error;
    await undo(deps, writes.stored.text, writes.stored.progress);
    throw fileRefusal(`${refusal}. The import was undone: this server holds what it held before it.`);
  }
  return { done: false, nextLine: writes.stored.progress.reader.line, rows: writes.stored.progress.rows };
}

async function finish(deps: Uses, text: string, progress: Progress): Promise<void> {
  let keys = progress.signing_keys;
  if (keys !== null && progress.merge) {
    const ours = await deps.store.findServerSecret('signing-keys');
    if (ours) keys = mergeSerialisedSigningKeys(ours, keys, deps.clock.now());
  }
  if (!(await deps.store.deployment.finishImport(text, keys))) throw inProgress(progress);
  await deps.signingKeys.reload();
  // Secrets that came in clear, or sealed under the previous key-encryption key, are sealed as this
  // server's configuration wants (the signing keys were, as they arrived).
  const resealed = (await resealWebhookSecrets(deps.store, deps.secretKeys)) + (await resealSettingSecrets(deps.store, deps.secretKeys));
  if (resealed > 0) await deps.store.scrubFreedSpace();
  await deps.store.deployment.analyzeAfterImport();
}

async function undo(deps: Uses, text: string, progress: Progress): Promise<boolean> {
  const restore: TableRows | null =
    progress.replaced.length > 0 ? tableRows({ table: APPS, columns: APPS.columns, rows: progress.replaced }) : null;
  return deps.store.deployment.abandonImport(text, progress.apps, progress.revocations, restore);
}

/** Undoes an unfinished import, whoever began it (its client went away, say). */
export async function abandonDeploymentImport(deps: Uses): Promise<boolean> {
  const found = await unfinished(deps);
  return found ? undo(deps, found.text, found.progress) : false;
}
