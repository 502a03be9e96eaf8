import { ANNOUNCE } from '../../model/store-changes.js';
import type { TableRows } from '../deployment-store.js';
import { insertColumns, insertRows, lookUp } from './batch-statements.js';
import { announce, firstRow, rows, run, type Dialect, type Op } from './driver.js';

/** A whole deployment moving in (store/deployment-store.ts). Its progress is a server_secrets row. */
const PROGRESS = 'deployment-import';

export function* countUsers(): Op<number> {
  return Number((yield* firstRow<{ n: number | string }>('SELECT COUNT(*) AS n FROM users'))?.n ?? 0);
}

export function* findImport(): Op<string | null> {
  return (yield* firstRow<{ value: string }>('SELECT value FROM server_secrets WHERE name = ?', [PROGRESS]))?.value ?? null;
}

export function* beginImport(
  progressWith: (replaced: unknown[][]) => string,
  replaceApps: readonly string[] | null,
): Op<{ began: boolean; users: number }> {
  const replaced: unknown[][] = [];
  if (replaceApps) {
    const users = yield* countUsers();
    if (users > 0) return { began: false, users };
    for (const row of yield* rows<Record<string, unknown>>(`SELECT ${replaceApps.join(', ')} FROM apps`))
      replaced.push(replaceApps.map((column) => row[column]));
  }
  const progress = progressWith(replaced);
  yield* run('INSERT INTO server_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', [PROGRESS, progress]);
  if ((yield* findImport()) !== progress) return { began: false, users: 0 };
  if (replaceApps) {
    yield* run('DELETE FROM apps');
    yield* announce(ANNOUNCE.everythingStale());
  }
  return { began: true, users: 0 };
}

function* advance(expected: string, next: string | null): Op<boolean> {
  const changed =
    next === null
      ? yield* run('DELETE FROM server_secrets WHERE name = ? AND value = ?', [PROGRESS, expected])
      : yield* run('UPDATE server_secrets SET value = ? WHERE name = ? AND value = ?', [next, PROGRESS, expected]);
  return changed === 1;
}

/** Holds the table being written when the database refuses a row, for the message. */
export interface WriteTrace {
  table: string | null;
}

export function* writeBlock(d: Dialect, expected: string, next: string, tables: TableRows[], trace: WriteTrace): Op<boolean> {
  if (d.name === 'postgres') return yield* writeBlockInOneStatement(expected, next, tables, trace);
  if (!(yield* advance(expected, next))) return false;
  for (const { table, columns, values } of tables) {
    trace.table = table;
    yield* insertRows(d, table, insertColumns(columns), values);
  }
  trace.table = null;
  return true;
}

/**
 * PostgreSQL: the progress and every table's rows in one statement, so one round trip (a
 * statement is atomic without a transaction around it). The rows go in only if the progress
 * was `expected`; foreign keys are checked at the statement's end, after every insert in it.
 */
function* writeBlockInOneStatement(expected: string, next: string, tables: TableRows[], trace: WriteTrace): Op<boolean> {
  const params: unknown[] = [next, PROGRESS, expected];
  const parts = ['progress AS (UPDATE server_secrets SET value = ? WHERE name = ? AND value = ? RETURNING 1)'];
  for (const [at, { table, columns, values }] of tables.entries()) {
    params.push(...columns.map((_, column) => values.map((row) => row[column])));
    const unnest = insertColumns(columns)
      .map(([, type]) => `?::${type}[]`)
      .join(', ');
    parts.push(
      `t${at} AS (INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')}) SELECT * FROM unnest(${unnest}) WHERE EXISTS (SELECT 1 FROM progress))`,
    );
  }
  // The database names the table of a refused row itself; with one table, so does the trace.
  trace.table = tables.length === 1 ? tables[0]!.table : null;
  const [row] = yield* rows<{ n: number }>(`WITH ${parts.join(', ')} SELECT COUNT(*)::int AS n FROM progress`, params);
  trace.table = null;
  return row?.n === 1;
}

/** The client app ids of this server's apps that have any of the ids or client app ids given. */
export function* appsAlreadyHere(d: Dialect, ids: string[], clientAppIds: string[]): Op<string[]> {
  const byId = yield* lookUp<{ c: string }>(d, 'SELECT client_app_id AS c FROM apps WHERE id {in}', [], ids);
  const byClientId = yield* lookUp<{ c: string }>(d, 'SELECT client_app_id AS c FROM apps WHERE client_app_id {in}', [], clientAppIds);
  return [...new Set([...byId, ...byClientId].map((row) => row.c))];
}

export function* finishImport(expected: string, signingKeys: string | null): Op<boolean> {
  if (!(yield* advance(expected, null))) return false;
  if (signingKeys !== null) {
    yield* run(
      "INSERT INTO server_secrets (name, value) VALUES ('signing-keys', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
      [signingKeys],
    );
  }
  yield* announce([...ANNOUNCE.everythingStale(), ...ANNOUNCE.signingKeysChanged()]);
  return true;
}

export function* abandonImport(
  d: Dialect,
  expected: string,
  appIds: string[],
  revocationIds: string[],
  restore: TableRows | null,
): Op<boolean> {
  if (!(yield* advance(expected, null))) return false;
  // Every other table's rows belong to an app, and go with it.
  for (const id of appIds) yield* run('DELETE FROM apps WHERE id = ?', [id]);
  for (const id of revocationIds) yield* run('DELETE FROM revocation_requests WHERE id = ?', [id]);
  if (restore) yield* insertRows(d, restore.table, insertColumns(restore.columns), restore.values);
  yield* announce(ANNOUNCE.everythingStale());
  return true;
}

export function* analyzeAfterImport(): Op<void> {
  yield* run('ANALYZE');
}
