import type { StoreChange } from '../model/store-changes.js';

export type StoreChangeListener = (change: StoreChange) => void;

export interface StoreReadiness {
  schemaVersion: number;
  expectedSchemaVersion: number;
  changesLive: boolean;
}

/** The store itself: closing, the change feed, backups. */
export interface StoreLifecycle {
  close(): Promise<void>;
  /**
   * Hears about changes made by any node sharing the database (pushed, not polled). A node's
   * own changes reach its listeners before the changing call resolves. Returns an unsubscribe.
   */
  subscribe(listener: StoreChangeListener): () => void;
  /** False while changes from other nodes might be missed (the notification channel is down): caches must not be trusted. */
  changesAreLive(): boolean;
  /** One read of the database (it throws when unreachable): the schema's version against this build's, and the change feed. */
  readiness(): Promise<StoreReadiness>;
  /** After secrets stored in clear were encrypted: no freed space keeps the old bytes (SQLite; PostgreSQL's own VACUUM reclaims its dead rows). */
  scrubFreedSpace(): Promise<void>;
  /**
   * Writes a consistent copy of the whole database to `path` while the store keeps serving;
   * false where the database is not embedded (PostgreSQL: use pg_dump).
   */
  backupTo(path: string): Promise<boolean>;
}
