import type { Dialect } from './driver.js';

/** How the dialects spell what the schema needs (migrations.ts writes most migrations once over these). */
export interface ColumnTypes {
  /** Milliseconds since the epoch. */
  timestamp: string;
  bytes: string;
  boolean: string;
  /** JSON kept as written (TEXT in both: PostgreSQL's JSONB would reorder keys). */
  jsonText: string;
  /** The literals for true and false, as column defaults. */
  true: string;
  false: string;
  /** After a table whose primary key should be its storage order (SQLite's WITHOUT ROWID; nothing in PostgreSQL). */
  clusteredByKey: string;
}

/** Column types by dialect (also for casting parameters, which PostgreSQL cannot type inside VALUES). */
export const TYPES: Record<Dialect['name'], ColumnTypes> = {
  sqlite: {
    timestamp: 'INTEGER',
    bytes: 'BLOB',
    boolean: 'INTEGER',
    jsonText: 'TEXT',
    true: '1',
    false: '0',
    clusteredByKey: 'WITHOUT ROWID',
  },
  postgres: { timestamp: 'BIGINT', bytes: 'BYTEA', boolean: 'BOOLEAN', jsonText: 'TEXT', true: 'TRUE', false: 'FALSE', clusteredByKey: '' },
};
