import type { ColumnType } from '../store/deployment-tables.js';

/**
 * Values between a database and a deployment file (domain/deployment-file.ts), by a column's
 * logical type: what differs between the stores (SQLite's 0 and 1 for booleans, PostgreSQL's
 * JSONB for settings) stays on the database's side of this line.
 */

/** JSON with every object's keys sorted: one text for the same value, whichever store held it. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

export function toFileValue(type: ColumnType, stored: unknown): unknown {
  if (stored === null || stored === undefined) return null;
  switch (type) {
    case 'boolean':
      return stored === true || stored === 1;
    case 'bytes':
      return Buffer.from(stored as Uint8Array).toString('base64');
    case 'json':
      return canonicalJson(typeof stored === 'string' ? JSON.parse(stored) : stored);
    case 'integer':
      return typeof stored === 'bigint' ? Number(stored) : stored;
    default:
      return stored;
  }
}

/** A file's value (already checked against its type by the reader) as the database binds it. */
export function toStoredValue(type: ColumnType, value: unknown): unknown {
  if (value === null) return null;
  return type === 'bytes' ? Buffer.from(value as string, 'base64') : value;
}
