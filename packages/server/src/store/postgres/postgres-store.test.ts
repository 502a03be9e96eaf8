import { afterAll, describe, expect, it } from 'vitest';
import { testStore } from '../store-suite.js';
import { connectPostgresStore } from './postgres-driver.js';
import { createTestSchema, type TestSchema } from './test-database.js';

const schemas: TestSchema[] = [];
afterAll(async () => {
  for (const schema of schemas) await schema.drop();
});

testStore('postgres', async () => {
  const schema = await createTestSchema();
  schemas.push(schema);
  return connectPostgresStore(schema.url, { poolSize: 4 });
});

describe('postgres specifics', () => {
  it('has no embedded backup: it says so rather than writing a file', async () => {
    const schema = await createTestSchema();
    schemas.push(schema);
    const store = await connectPostgresStore(schema.url, { poolSize: 1 });
    try {
      expect(await store.backupTo('/nonexistent/latchkey.db')).toBe(false);
    } finally {
      await store.close();
    }
  });
});
