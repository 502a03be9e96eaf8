import type { Dialect } from './driver.js';
/**
 * The schema's history, applied in order at start, each migration in its own transaction.
 * Never edit one that has shipped: append a new one. Where the dialects agree, a migration is
 * written once over the column types that differ; the first two predate the shared store and
 * keep the text each adapter shipped with (PostgreSQL created server_secrets in its first).
 */
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
export declare const TYPES: Record<Dialect['name'], ColumnTypes>;
/** The SQL of every migration for one dialect, in order; version n is index n - 1. */
export declare function migrationsFor(dialect: Dialect['name']): string[];
