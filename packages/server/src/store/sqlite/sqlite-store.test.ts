import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { testStore } from '../store-suite.js';
import { openSqliteStore } from './sqlite-driver.js';

const dir = mkdtempSync(join(tmpdir(), 'latchkey-sqlite-'));
let counter = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

testStore('sqlite', async () => openSqliteStore(join(dir, `store-${++counter}.db`)));

describe('sqlite specifics', () => {
  it('runs its migrations once and reopens an existing database', async () => {
    const path = join(dir, 'reopen.db');
    await openSqliteStore(path).close();
    await openSqliteStore(path).close();
    const db = new Database(path, { readonly: true });
    const versions = db.prepare('SELECT version FROM schema_migrations').all();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(versions).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }, { version: 4 }]);
  });
});

describe('sqlite ownership', () => {
  // The deadline is the point: without it, the refusal would come only after SQLite's busy
  // timeout (5 s in better-sqlite3), and a second server would hang that long before saying why.
  it('refuses a second store on a database file that is open at once, naming the problem', { timeout: 2500 }, async () => {
    const path = join(dir, 'owned.db');
    const first = openSqliteStore(path);
    try {
      expect(() => openSqliteStore(path)).toThrow(/in use by another process/);
    } finally {
      await first.close();
    }
    await openSqliteStore(path).close();
  });
});
