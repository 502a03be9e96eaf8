import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { testStore } from '../store-suite.js';
import { rows, run, type Op } from '../sql/driver.js';
import { migrationsFor } from '../sql/migrations.js';
import { openSqliteDriver, openSqliteStore } from './sqlite-driver.js';

const dir = mkdtempSync(join(tmpdir(), 'latchkey-sqlite-'));
let counter = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

testStore('sqlite', async () => openSqliteStore(join(dir, `store-${++counter}.db`)));

describe('sqlite specifics', () => {
  it('backs up a consistent copy of the database while it goes on taking writes', async () => {
    const store = openSqliteStore(join(dir, 'backed-up.db'));
    try {
      await store.insertServerSecretIfAbsent('before', 'one');
      const copying = store.backupTo(join(dir, 'copy.db'));
      const during = store.insertServerSecretIfAbsent('during', 'two');
      expect(await copying).toBe(true);
      await during;
      const copy = new Database(join(dir, 'copy.db'), { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const names = copy.prepare('SELECT name FROM server_secrets ORDER BY name').pluck().all();
      copy.close();
      expect(names).toContain('before');
    } finally {
      await store.close();
    }
  });

  it('runs its migrations once and reopens an existing database', async () => {
    const path = join(dir, 'reopen.db');
    await openSqliteStore(path).close();
    await openSqliteStore(path).close();
    const db = new Database(path, { readonly: true });
    const versions = db.prepare('SELECT version FROM schema_migrations').all();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(versions).toEqual(migrationsFor('sqlite').map((_, index) => ({ version: index + 1 })));
  });
});

describe('sqlite group commit', () => {
  const GROUPED = { transaction: true, durability: 'normal', grouped: true } as const;
  const insert = (name: string) => run('INSERT INTO server_secrets (name, value) VALUES (?, ?)', [name, 'v']);

  it('commits the writes of one event-loop turn together, each operation standing or failing whole', async () => {
    const driver = openSqliteDriver(join(dir, 'grouped.db'));
    try {
      await driver.execute(() => insert('taken'), GROUPED);
      // All three are queued in one turn, so they share one transaction.
      const outcomes = await Promise.allSettled([
        // Writes, then fails: its first write must not survive.
        driver.execute(function* (): Op<void> {
          yield* insert('half-done');
          yield* insert('taken');
        }, GROUPED),
        driver.execute(() => insert('whole'), GROUPED),
        // Fails on its first write.
        driver.execute(() => insert('taken'), GROUPED),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'fulfilled', 'rejected']);
      const names = await driver.execute(() => rows<{ name: string }>('SELECT name FROM server_secrets ORDER BY name'), {
        transaction: false,
        durability: 'normal',
      });
      expect(names.map(({ name }) => name)).toEqual(['taken', 'whole']);
    } finally {
      await driver.close();
    }
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
