import { afterAll } from 'vitest';
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
