import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './harness.js';
import { assertBuilt, runCli } from './nodes.js';
import { startSmtp, type TestSmtp } from './smtp.js';

/**
 * docs/migrating.md shows what `latchkey import` prints for the fixtures in
 * test/fixtures/app-services; each block marked "printed by" is held here to the real output
 * of the CLI against a fresh server.
 */
const FIXTURES = join(import.meta.dirname, 'fixtures', 'app-services');
const DOC = join(import.meta.dirname, '..', '..', '..', 'docs', 'migrating.md');

let server: TestServer;
let smtp: TestSmtp;
beforeAll(async () => {
  assertBuilt();
  // As the guide sets it up: with mail, which the export's resetPasswordUrl needs.
  smtp = await startSmtp();
  server = await startTestServer({ env: { LATCHKEY_SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await server.close();
  await smtp.close();
});

const latchkey = (args: string[]) => runCli(['--url', server.url, ...args], { LATCHKEY_ADMIN_TOKEN: ADMIN_TOKEN });

async function documented(command: string): Promise<string> {
  const text = await readFile(DOC, 'utf8');
  const marker = `<!-- printed by: ${command} `;
  const at = text.indexOf(marker);
  if (at === -1) throw new Error(`docs/migrating.md has no block printed by ${command}`);
  const block = /```\n([\s\S]*?)```/.exec(text.slice(at));
  return block![1]!;
}

describe('docs/migrating.md', () => {
  it('shows what the CLI prints when it imports the example app and its users', async () => {
    const app = await latchkey(['import', 'app', join(FIXTURES, 'export')]);
    expect(app.stderr).toBe('');
    expect(app.stdout).toBe(await documented('import app ./export'));
    const users = await latchkey(['--app', 'moving-app-qxzrt', 'import', 'users', join(FIXTURES, 'users.jsonl')]);
    expect(users.stdout).toBe(await documented('import users users.jsonl'));
    expect(users.code).toBe(1);
  });
});
