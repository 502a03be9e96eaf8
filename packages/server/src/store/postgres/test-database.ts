import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Which store the test run targets; vitest's projects set it (see vitest.config.ts). */
export const TEST_STORE: 'sqlite' | 'postgres' = process.env.LATCHKEY_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
export const TEST_DATABASE_URL = process.env.LATCHKEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestSchema {
  /** DATABASE_URL confined to the schema (search_path), with its own application_name. */
  url: string;
  schema: string;
  drop(): Promise<void>;
}

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty schema for one test server or store, so parallel test files never meet. */
export async function createTestSchema(): Promise<TestSchema> {
  const schema = `lk_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE SCHEMA ${schema}`));
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  url.searchParams.set('application_name', schema);
  return {
    url: url.toString(),
    schema,
    drop: () =>
      withAdminClient(async (client) => {
        await client.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()`,
          [schema],
        );
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      }),
  };
}

/** Cuts every connection the server under test holds, as a database restart or failover would. */
export function terminateConnections(schema: string): Promise<number> {
  return withAdminClient(async (client) => {
    const result = await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [schema]);
    return result.rowCount ?? 0;
  });
}

/** Every stored value in the schema, as text, for tests that look for leaked secrets. */
export function dumpSchema(schema: string): Promise<string> {
  return withAdminClient(async (client) => {
    const tables = await client.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [
      schema,
    ]);
    let dump = '';
    for (const { table_name } of tables.rows) {
      const rows = await client.query(`SELECT * FROM ${schema}.${table_name}`);
      dump += JSON.stringify(rows.rows, (_key, value) => (value?.type === 'Buffer' ? Buffer.from(value.data).toString('latin1') : value));
    }
    return dump;
  });
}
