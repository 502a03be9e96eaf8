import pg from 'pg';
import { DATABASE_URL } from './cluster.js';

/** The channel the nodes announce their changes on (LISTEN/NOTIFY). */
export const CHANGE_CHANNEL = 'latchkey_changes';

/** A connection to the database itself (not a node's schema): transaction ids, WAL position, and the nodes' change channel. */
export class DatabaseProbe {
  notifications = 0;
  private constructor(private readonly client: pg.Client) {}

  static async open(): Promise<DatabaseProbe> {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    const probe = new DatabaseProbe(client);
    client.on('notification', () => probe.notifications++);
    await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    return probe;
  }

  /** The next transaction id (asking assigns one, so each reading costs one) and the WAL position. */
  async positions(): Promise<{ xid: bigint; walLsn: string }> {
    const { rows } = await this.client.query<{ xid: string; lsn: string }>(
      'SELECT pg_current_xact_id()::text AS xid, pg_current_wal_lsn()::text AS lsn',
    );
    return { xid: BigInt(rows[0]!.xid), walLsn: rows[0]!.lsn };
  }

  async walBytesBetween(from: string, to: string): Promise<number> {
    const { rows } = await this.client.query<{ bytes: string }>('SELECT pg_wal_lsn_diff($1, $2)::text AS bytes', [to, from]);
    return Number(rows[0]!.bytes);
  }

  /** Bytes a table and its indexes take per row, in the given schema. */
  async bytesPerRow(schemaUrl: string, table: 'sessions' | 'api_keys'): Promise<{ rows: number; bytesPerRow: number }> {
    const scoped = new pg.Client({ connectionString: schemaUrl });
    await scoped.connect();
    try {
      await scoped.query(`ANALYZE ${table}`);
      const { rows } = await scoped.query<{ n: string; bytes: string }>(
        `SELECT (SELECT COUNT(*) FROM ${table})::text AS n, pg_total_relation_size('${table}')::text AS bytes`,
      );
      const n = Number(rows[0]!.n);
      return { rows: n, bytesPerRow: n ? Number(rows[0]!.bytes) / n : 0 };
    } finally {
      await scoped.end();
    }
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
