import type { CreatedApiKey, LoginAnswer } from '@latchkey/protocol';
import Database from 'better-sqlite3';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_STORE } from '../src/store/postgres/test-database.js';
import { ADMIN_TOKEN, CLIENT, startTestServer, type TestServer } from './harness.js';
import { until } from './nodes.js';

/** POST /api/admin/v1/backup: a consistent copy of the embedded database, taken while serving. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function takeBackup(target: TestServer): Promise<Response> {
  return fetch(`${target.url}/api/admin/v1/backup`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
}

describe.runIf(TEST_STORE === 'postgres')('backup on PostgreSQL', () => {
  it('is refused with a coded 409 that points to pg_dump', async () => {
    const answer = await takeBackup(server);
    expect(answer.status).toBe(409);
    expect(answer.headers.get('content-type')).toBe('application/json');
    const body = (await answer.json()) as { error: string; error_code: string };
    expect(body.error_code).toBe('BackupNotSupported');
    expect(body.error).toContain('pg_dump');
  });
});

describe.runIf(TEST_STORE === 'sqlite')('backup on SQLite', () => {
  it('needs the admin token', async () => {
    const answer = await fetch(`${server.url}/api/admin/v1/backup`, { method: 'POST' });
    expect([answer.status, ((await answer.json()) as { error_code: string }).error_code]).toEqual([401, 'MissingAuthReq']);
  });

  it('taken during a write storm, restores (stop, replace latchkey.db, start) with every key acknowledged before it', async () => {
    const appId = await server.createApp({ maxUserApiKeys: 1000 });
    const users = await Promise.all(
      Array.from({ length: 4 }, async (_, i) => {
        const email = `storm-${i}-${Date.now().toString(36)}@example.com`;
        await server.request('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/register`, {
          body: { email, password: 'storm-pass' },
        });
        const login = await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/local-userpass/login`, {
          body: { username: email, password: 'storm-pass' },
        });
        return login.body.refresh_token as string;
      }),
    );
    const acknowledged: string[] = [];
    let storming = true;
    let failures = 0;
    const storm = users.map(async (refresh, worker) => {
      for (let n = 0; storming; n++) {
        const created = await server.request<CreatedApiKey>('POST', `${CLIENT}/auth/api_keys`, {
          token: refresh,
          body: { name: `w${worker}-${n}` },
        });
        if (created.status === 201) acknowledged.push(created.body.key);
        else failures++;
        await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/anon-user/login`);
      }
    });
    try {
      await until(() => acknowledged.length >= 40, '40 keys created');
      const beforeBackup = [...acknowledged];
      const answer = await takeBackup(server);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/vnd.sqlite3');
      expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="latchkey-.+\.db"$/);
      const copy = Buffer.from(await answer.arrayBuffer());
      storming = false;
      await Promise.all(storm);
      expect(failures).toBe(0);
      expect(acknowledged.length).toBeGreaterThan(beforeBackup.length);

      const dataDir = server.dataDir;
      await server.close({ keepData: true });
      for (const file of ['latchkey.db-wal', 'latchkey.db-shm']) await rm(join(dataDir, file), { force: true });
      await writeFile(join(dataDir, 'latchkey.db'), copy);
      const check = new Database(join(dataDir, 'latchkey.db'), { readonly: true });
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      check.close();

      server = await startTestServer({ dataDir });
      for (const key of beforeBackup) {
        const login = await server.request<LoginAnswer>('POST', `${CLIENT}/app/${appId}/auth/providers/api-key/login`, { body: { key } });
        expect(login.status).toBe(200);
      }
    } finally {
      storming = false;
      await Promise.allSettled(storm);
    }
  });
});
