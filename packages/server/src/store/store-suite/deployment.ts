import { describe, expect, it } from 'vitest';
import { EXPORTED_TABLES, NOT_EXPORTED } from '../deployment-tables.js';
import type { Snapshot } from '../deployment-store.js';
import type { StoreFixture } from './fixture.js';

/** The store suite: what a deployment export reads and an import writes (store/deployment-store.ts). */

async function all(snapshot: Snapshot, sql: string): Promise<unknown[][]> {
  const found: unknown[][] = [];
  for await (const page of snapshot.scan(sql, [], 100)) found.push(...page);
  return found;
}

const CATALOG = {
  sqlite: "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY 1, 2",
  postgres: 'SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY 1, 2',
};

export function deploymentSuite(fx: StoreFixture): void {
  describe('deployment export and import', () => {
    it('exports every column of every table the schema has, but its own history', async () => {
      const snapshot = await fx.store.deployment.openSnapshot();
      try {
        const columns = (await all(snapshot, CATALOG[fx.store.deployment.dialect])).map(
          ([table, column]) => `${String(table)}.${String(column)}`,
        );
        const exported = EXPORTED_TABLES.flatMap((table) => table.columns.map(([column]) => `${table.name}.${column}`));
        expect(columns.filter((name) => !NOT_EXPORTED.some((table) => name.startsWith(`${table}.`))).sort()).toEqual(exported.sort());
      } finally {
        await snapshot.close();
      }
    });

    it('reads a snapshot as of its opening, while writes go on', async () => {
      const before = await fx.newUser();
      const snapshot = await fx.store.deployment.openSnapshot();
      try {
        const after = await fx.newUser();
        const ids = (await all(snapshot, 'SELECT id FROM users')).map(([id]) => id);
        expect(ids).toContain(before.id);
        expect(ids).not.toContain(after.id);
      } finally {
        await snapshot.close();
      }
    });

    it('writes a block only from the progress it was read at, once, whoever races', async () => {
      expect(await fx.store.deployment.beginImport(() => 'p0', null)).toEqual({ began: true, users: 0 });
      expect((await fx.store.deployment.beginImport(() => 'other', null)).began).toBe(false);
      const user = fx.user();
      const rows = [
        {
          table: 'users',
          columns: EXPORTED_TABLES.find((table) => table.name === 'users')!.columns.slice(0, 5),
          values: [[user.id, fx.app.id, 'normal', fx.now, '{}']],
        },
      ];
      const raced = await Promise.all([fx.store.deployment.writeBlock('p0', 'p1', rows), fx.store.deployment.writeBlock('p0', 'p1', rows)]);
      expect(raced.sort()).toEqual([false, true]);
      expect(await fx.store.findUser(fx.app.id, user.id)).not.toBeNull();
      expect(await fx.store.deployment.findImport()).toBe('p1');
      // A value the database cannot hold (PostgreSQL: a NUL in text) is a refused row of that table, never written.
      if (fx.store.deployment.dialect === 'postgres') {
        const nul = [{ ...rows[0]!, values: [[fx.user().id, fx.app.id, 'normal', fx.now, '{}\u0000']] }];
        await expect(fx.store.deployment.writeBlock('p1', 'p2', nul)).rejects.toMatchObject({ table: 'users', constraint: 'value' });
        expect(await fx.store.deployment.findImport()).toBe('p1');
      }
      // Undone: the app goes, and everything it held with it.
      expect(await fx.store.deployment.abandonImport('p1', [fx.app.id], [], null)).toBe(true);
      expect(await fx.store.findUser(fx.app.id, user.id)).toBeNull();
      expect(await fx.store.deployment.findImport()).toBeNull();
    });
  });
}
