import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples');
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('examples run as shipped', () => {
  it('examples/realm-web-api-keys walks the whole key lifecycle against the demo app', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(EXAMPLES, 'realm-web-api-keys', 'index.mjs')], {
      env: { PATH: process.env.PATH ?? '', LATCHKEY_URL: server.url, LATCHKEY_APP_ID: 'demo' },
      timeout: 20_000,
    });
    expect(stdout).toMatch(/created key "my-script" \([0-9a-f]{24}\); secret starts lku_/);
    expect(stdout).toContain('(same user: true)');
    expect(stdout).toContain('a disabled key cannot log in: 401 AuthError');
    expect(stdout).toContain('deleted; keys now: []');
  });
});
