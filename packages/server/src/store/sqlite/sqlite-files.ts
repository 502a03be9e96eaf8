import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Params, Snapshot } from '../sql/driver.js';

/** The database file and its copies: they hold every hash and the signing keys, so only their owner reads them. */

/** The file holds the token-signing key: readable by its owner only (SQLite gives the WAL and shared-memory files the same mode). */
export function createPrivately(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
}

const SNAPSHOT_PREFIX = '.latchkey-snapshot-';

/** Snapshot copies are made beside the database (the disk known to hold it), never in a RAM-backed /tmp. */
function snapshotHome(databasePath: string): string {
  return databasePath === ':memory:' || databasePath === '' ? tmpdir() : dirname(databasePath);
}

/** Copies a crash left behind (a snapshot lives only as long as its export). */
export function removeLeftoverSnapshots(databasePath: string): void {
  if (databasePath === ':memory:') return;
  for (const entry of readdirSync(snapshotHome(databasePath))) {
    if (entry.startsWith(SNAPSHOT_PREFIX + basename(databasePath)))
      rmSync(join(snapshotHome(databasePath), entry), { recursive: true, force: true });
  }
}

/**
 * A snapshot of a live database: SQLite's online backup into a private directory beside it
 * (consistent as of the copy's end, the server serving throughout), then read on a connection
 * of its own, so the export never holds the serving connection. Removed on close.
 */
export async function takeSqliteSnapshot(db: Database.Database): Promise<Snapshot> {
  const dir = await mkdtemp(join(snapshotHome(db.name), SNAPSHOT_PREFIX + basename(db.name) + '-'));
  let copy: Database.Database | undefined;
  try {
    const path = join(dir, 'snapshot.db');
    await writeFile(path, '', { mode: 0o600, flag: 'wx' });
    await db.backup(path);
    copy = new Database(path, { fileMustExist: true });
    copy.pragma('query_only = ON');
  } catch (error) {
    copy?.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const reader = copy;
  return {
    async *scan(sql: string, params: Params, pageSize: number) {
      const rows = reader
        .prepare(sql)
        .raw(true)
        .iterate(...params) as IterableIterator<unknown[]>;
      try {
        let page: unknown[][] = [];
        for (const row of rows) {
          page.push(row);
          if (page.length === pageSize) {
            yield page;
            page = [];
          }
        }
        if (page.length > 0) yield page;
      } finally {
        rows.return?.();
      }
    },
    async close() {
      if (reader.open) reader.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
