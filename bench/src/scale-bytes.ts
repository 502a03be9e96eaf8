import Database from 'better-sqlite3';
import pg from 'pg';

/** What the store holds on disk for its keys and sessions (each table with its indexes), and in all. */
export interface StoreBytes {
  perKey: number;
  perSession: number;
  total: number;
}

/** `target` is a SQLite file's path or a PostgreSQL URL; `count` keys and as many sessions are stored. */
export async function storeBytes(target: string, count: number): Promise<StoreBytes> {
  if (!target.startsWith('postgres')) {
    const db = new Database(target, { readonly: true });
    try {
      const tableBytes = (table: string) =>
        Number(
          (
            db
              .prepare('SELECT SUM(pgsize) AS bytes FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name = ?)')
              .get(table) as { bytes: number }
          ).bytes,
        );
      const pages = Number(db.pragma('page_count', { simple: true })) * Number(db.pragma('page_size', { simple: true }));
      return { perKey: tableBytes('api_keys') / count, perSession: tableBytes('sessions') / count, total: pages };
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    const size = async (sql: string) => Number((await client.query<{ bytes: string }>(sql)).rows[0]!.bytes);
    return {
      perKey: (await size("SELECT pg_total_relation_size('api_keys') AS bytes")) / count,
      perSession: (await size("SELECT pg_total_relation_size('sessions') AS bytes")) / count,
      total: await size(
        "SELECT SUM(pg_total_relation_size(c.oid)) AS bytes FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = to_regnamespace(current_schema())",
      ),
    };
  } finally {
    await client.end();
  }
}
