import type { ColumnType, ExportedTable } from '../deployment-tables.js';
import { rows, run, type Dialect, type Op, type Params } from './driver.js';

/**
 * Statements over a batch of rows, in a few fixed shapes whatever the batch's size, so neither
 * database keeps planning new ones: on SQLite (where a statement costs no round trip) lists
 * padded to a fixed length and inserts of a fixed number of rows; on PostgreSQL (where each
 * statement is a round trip) one `= ANY(array)` per lookup and one INSERT … SELECT FROM
 * unnest(arrays) per table and batch.
 */

/** SQLite: values per IN list, padded with NULL (which matches nothing) to this length. */
const LOOKUP = 100;
/** SQLite: rows per INSERT, so parameters stay under its limit. */
const ROWS_PER_INSERT = 50;

/** `jsonb`: JSON text, which PostgreSQL parses into its JSONB column. */
export type Column = [name: string, postgresType: 'text' | 'bigint' | 'boolean' | 'bytea' | 'integer' | 'jsonb'];

/** Rows whose `column` is one of `values`; `sql` is the query with `{in}` where the membership test goes. */
export function* lookUp<R>(d: Dialect, sql: string, fixed: Params, values: unknown[], type: 'text' | 'bytea' = 'text'): Op<R[]> {
  if (values.length === 0) return [];
  if (d.name === 'postgres') return yield* rows<R>(sql.replace('{in}', `= ANY(?::${type}[])`), [...fixed, values]);
  const list = `IN (${Array(LOOKUP).fill('?').join(', ')})`;
  const found: R[] = [];
  for (let at = 0; at < values.length; at += LOOKUP) {
    const chunk = values.slice(at, at + LOOKUP);
    const padded = [...chunk, ...Array<null>(LOOKUP - chunk.length).fill(null)];
    found.push(...(yield* rows<R>(sql.replace('{in}', list), [...fixed, ...padded])));
  }
  return found;
}

export function* insertRows(d: Dialect, table: string, columns: Column[], values: unknown[][]): Op<void> {
  if (values.length === 0) return;
  const names = columns.map(([name]) => name).join(', ');
  if (d.name === 'postgres') {
    const arrays = columns.map((_, at) => values.map((row) => row[at]));
    const unnest = columns.map(([, type]) => `?::${type}[]`).join(', ');
    yield* run(`INSERT INTO ${table} (${names}) SELECT * FROM unnest(${unnest})`, arrays);
    return;
  }
  const row = `(${columns.map(() => '?').join(', ')})`;
  const head = `INSERT INTO ${table} (${names}) VALUES `;
  const full = head + Array(ROWS_PER_INSERT).fill(row).join(', ');
  let at = 0;
  for (; at + ROWS_PER_INSERT <= values.length; at += ROWS_PER_INSERT) yield* run(full, values.slice(at, at + ROWS_PER_INSERT).flat());
  for (; at < values.length; at++) yield* run(head + row, values[at]);
}

const POSTGRES_TYPE: Record<ColumnType, Column[1]> = {
  text: 'text',
  jsonText: 'text',
  json: 'jsonb',
  integer: 'bigint',
  boolean: 'boolean',
  bytes: 'bytea',
};

/** A deployment table's columns as insertRows takes them: their PostgreSQL types (SQLite binds any). */
export const insertColumns = (columns: ExportedTable['columns']): Column[] => columns.map(([name, type]) => [name, POSTGRES_TYPE[type]]);
