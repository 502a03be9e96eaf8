import { afterAll } from 'vitest';
import { testStore } from '../store-suite.js';
import { PostgresStore } from './postgres-store.js';
import { createTestSchema, type TestSchema } from './test-database.js';

const schemas: TestSchema[] = [];
afterAll(async () => {
  for (const schema of schemas) await schema.drop();
});

testStore('postgres', async () => {
  const schema = await createTestSchema();
  schemas.push(schema);
  return PostgresStore.connect(schema.url, { poolSize: 4 });
});
