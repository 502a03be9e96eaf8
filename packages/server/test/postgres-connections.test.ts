import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionsPerNode } from '../src/store/postgres/postgres-driver.js';
import { TEST_DATABASE_URL, TEST_STORE, createTestSchema, type TestSchema } from '../src/store/postgres/test-database.js';
import { assertBuilt, call, killAllNodes, startNode, type LatchkeyNode } from './nodes.js';

/** docs/deploy.md tells operators how many connections a node opens; this holds it to that. */
const CLIENT = '/api/client/v2.0';
let database: TestSchema;
let node: LatchkeyNode;
let dataDir: string;

async function connectionsOf(schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [
      schema,
    ]);
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

describe.runIf(TEST_STORE === 'postgres')('PostgreSQL connections per node', () => {
  beforeAll(async () => {
    assertBuilt();
    database = await createTestSchema();
    dataDir = await mkdtemp(join(tmpdir(), 'latchkey-connections-'));
    node = await startNode({ LATCHKEY_DATA_DIR: dataDir, DATABASE_URL: database.url });
  });
  afterAll(async () => {
    killAllNodes();
    await rm(dataDir, { recursive: true, force: true });
    await database?.drop();
  });

  it('stay within what docs/deploy.md says, under a burst of every kind of request', async () => {
    const deploy = await readFile(join(import.meta.dirname, '..', '..', '..', 'docs', 'deploy.md'), 'utf8');
    const documented = Number(/opens at most (\d+) connections/.exec(deploy)?.[1]);
    expect(documented).toBe(connectionsPerNode());
    await call(node.url, 'POST', `${CLIENT}/app/demo/auth/providers/local-userpass/register`, {
      body: { email: 'burst@example.com', password: 'burst-password' },
    });
    const session = (
      await call(node.url, 'POST', `${CLIENT}/app/demo/auth/providers/local-userpass/login`, {
        body: { username: 'burst@example.com', password: 'burst-password' },
      })
    ).body;
    const { key } = (await call(node.url, 'POST', `${CLIENT}/auth/api_keys`, { token: session.refresh_token, body: { name: 'burst' } }))
      .body;
    let peak = 0;
    for (let round = 0; round < 3; round++) {
      await Promise.all([
        ...Array.from({ length: 40 }, () => call(node.url, 'POST', `${CLIENT}/app/demo/auth/providers/api-key/login`, { body: { key } })),
        ...Array.from({ length: 20 }, (_, i) =>
          call(node.url, 'POST', `${CLIENT}/auth/api_keys`, { token: session.refresh_token, body: { name: `k${round}-${i}` } }),
        ),
        ...Array.from({ length: 20 }, () => call(node.url, 'POST', `${CLIENT}/app/demo/auth/providers/anon-user/login`, { body: {} })),
      ]);
      peak = Math.max(peak, await connectionsOf(database.schema));
    }
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(documented);
  });
});
