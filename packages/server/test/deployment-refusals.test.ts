import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_STORE } from '../src/store/postgres/test-database.js';
import { cliRunner } from './cli-runner.js';
import { ADMIN_TOKEN, signUp, startTestServer, type TestServer } from './harness.js';

/**
 * What a deployment import refuses, and that a refused import leaves the server as it was: a
 * file altered or cut short (named by line), a newer format, a server that is not empty, a
 * key-encryption key that does not match, an export of secrets in clear not asked for.
 * The move itself, across stores, is deployment-move.test.ts. Store-independent: SQLite only.
 */
const KEK = randomBytes(32).toString('hex');
const USERS = 3_000;

let dir: string;
let file: string;
let lines: string[];
const started: TestServer[] = [];

/** A server of the test's own, with `latchkey` pointed at it: the cases run side by side. */
async function server(env: Record<string, string> = { LATCHKEY_SECRET_KEY: KEK }) {
  const s = await startTestServer({ store: 'sqlite', env });
  started.push(s);
  return Object.assign(s, { cli: cliRunner(() => ({ url: s.url, app: '' })) });
}

const hex24 = (n: number, prefix: string) => prefix + n.toString(16).padStart(24 - prefix.length, '0');

/** Enough users (imported as App Services lists them) for the file to hold several checked blocks. */
async function seed(s: TestServer, clientAppId: string): Promise<void> {
  const body = Array.from({ length: USERS }, (_, n) =>
    JSON.stringify({
      _id: hex24(n, '5f6a'),
      identities: [{ id: hex24(n, '5f6b'), provider_type: 'anon-user' }],
      type: 'normal',
      creation_date: 1_600_000_000 + n,
      disabled: false,
      data: {},
    }),
  ).join('\n');
  const answer = await fetch(`${s.url}/api/admin/v1/apps/${clientAppId}/import/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/x-ndjson' },
    body,
  });
  expect(answer.status, await answer.clone().text()).toBe(200);
}

/** What an empty target holds before an import, to compare with after a refused one. */
async function holdings(s: TestServer) {
  const apps = await s.admin<{ client_app_id: string; _id: string }[]>('GET', '/apps');
  return { apps: apps.body.map((app) => `${app._id} ${app.client_app_id}`).sort() };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latchkey-refusals-'));
  const source = await server();
  const app = await source.createApp();
  await seed(source, app);
  await signUp(source, app);
  file = join(dir, 'deployment.jsonl');
  const run = await source.cli.latchkey(['export', '--out', file]);
  expect(run.code, run.stderr).toBe(0);
  // It holds every hash: only its owner reads it.
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
});
afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

async function variant(name: string, edit: (lines: string[]) => string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `${edit([...lines]).join('\n')}\n`);
  return path;
}

const checkLines = () => lines.flatMap((line, at) => (line.startsWith('{"check"') ? [at + 1] : []));

describe.runIf(TEST_STORE === 'sqlite').concurrent('importing a deployment refuses', () => {
  it('a file altered after export: the check after the change names its lines, and the server keeps what it held', async () => {
    const [firstCheck, secondCheck] = checkLines();
    expect(secondCheck, 'the file has at least two checked blocks').toBeDefined();
    const changedAt = firstCheck! + 10; // a line of the second block
    const altered = await variant('altered.jsonl', (all) => {
      all[changedAt - 1] = all[changedAt - 1]!.replace('"5f6', '"5f7');
      return all;
    });
    expect((await readFile(altered, 'utf8')).split('\n')[changedAt - 1]).not.toBe(lines[changedAt - 1]);
    const current = await server();
    const before = await holdings(current);
    const message = await current.cli.failure(['import', 'deployment', altered]);
    expect(message).toContain(
      `line ${secondCheck}: the check does not match lines ${firstCheck! + 1}–${secondCheck! - 1}: the file was altered there`,
    );
    expect(await holdings(current)).toEqual(before);

    // Sent past the CLI's own check, straight to the server: the first block is written, then undone.
    const start = await current.admin<{ import_id: string; next_line: number; replaced_apps: string[] }>('POST', '/deployment/import', {
      header: lines[0],
    });
    expect([start.status, start.body.next_line, start.body.replaced_apps]).toEqual([201, 2, ['demo']]);
    const body = `${(await readFile(altered, 'utf8')).split('\n').slice(1).join('\n')}`;
    const refused = await fetch(`${current.url}/api/admin/v1/deployment/import/${start.body.import_id}/lines?from=2`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toBe('application/json');
    const answer = (await refused.json()) as { error: string; error_code: string };
    expect(answer.error_code).toBe('BadRequest');
    expect(answer.error).toBe(
      `line ${secondCheck}: the check does not match lines ${firstCheck! + 1}–${secondCheck! - 1}: the file was altered there. ` +
        'The import was undone: this server holds what it held before it.',
    );
    expect(await holdings(current)).toEqual(before);
    expect((await current.admin<unknown[]>('GET', '/apps/demo/users')).body).toEqual([]);
  });

  it('a file cut short, before anything reaches the server', async () => {
    const cut = await variant('cut.jsonl', (all) => all.slice(0, 4_000));
    const current = await server();
    const before = await holdings(current);
    expect(await current.cli.failure(['import', 'deployment', cut])).toContain(
      'line 4001: the file ends here, without its trailer: it was cut short',
    );
    expect(await holdings(current)).toEqual(before);
  });

  it('a file in a newer format, or from a newer schema, with what to do', async () => {
    const header = JSON.parse(lines[0]!) as Record<string, unknown>;
    const newer = await variant('newer.jsonl', (all) => [JSON.stringify({ ...header, version: 2 }), ...all.slice(1)]);
    const current = await server();
    expect(await current.cli.failure(['import', 'deployment', newer])).toContain(
      'line 1: the file is in format version 2, newer than this Latchkey reads (1): upgrade Latchkey to import it',
    );
    const schema = await current.admin('POST', '/deployment/import', { header: JSON.stringify({ ...header, schema: 999 }) });
    expect([schema.status, schema.body.error]).toEqual([
      400,
      expect.stringContaining('line 1: the file was exported by a newer Latchkey (schema 999;'),
    ]);
  });

  it('a server that already has users, unless merging; a merge refuses an app the server has', async () => {
    const current = await server();
    await signUp(current, await current.createApp());
    const run = await current.cli.latchkey(['import', 'deployment', file, '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stderr)).toEqual({
      error: expect.stringMatching(/^this server already holds 1 user: import into an empty server, or merge/),
      error_code: 'DeploymentNotEmpty',
    });
    // Both servers have the demo app: a merge that would bring in a second one is refused, and undone.
    const demo = await current.cli.failure(['import', 'deployment', file, '--merge']);
    expect(demo).toMatch(/an app in the file is already on this server \(demo\), by its id or client app id/);
    expect(await current.admin('DELETE', '/apps/demo')).toMatchObject({ status: 204 });
    const merged = await current.cli.latchkey(['import', 'deployment', file, '--merge']);
    expect(merged.code, merged.stderr).toBe(0);
    expect((await holdings(current)).apps).toHaveLength(3);
  });

  it('a file sealed with another key-encryption key, naming the setting', async () => {
    const current = await server({ LATCHKEY_SECRET_KEY: randomBytes(32).toString('hex') });
    expect(await current.cli.failure(['import', 'deployment', file])).toMatch(
      /^latchkey: the file's secrets are sealed with the key-encryption key [0-9a-f]{12}: start this server with LATCHKEY_SECRET_KEY set to the same key/,
    );
  });

  it('a second import while one is unfinished; --abandon undoes it and gives the server its apps back', async () => {
    const current = await server();
    const before = await holdings(current);
    expect((await current.admin('POST', '/deployment/import', { header: lines[0] })).status).toBe(201);
    expect(await holdings(current)).not.toEqual(before);
    expect(await current.cli.failure(['import', 'deployment', file])).toMatch(
      /^latchkey: a deployment import begun .+ is unfinished \(next line 2\)/,
    );
    const undone = await current.cli.json<{ abandoned: boolean }>('import', 'deployment', '--abandon');
    expect(undone.abandoned).toBe(true);
    expect(await holdings(current)).toEqual(before);
  });
});

describe.runIf(TEST_STORE === 'sqlite')('exporting without a key-encryption key', () => {
  it('is refused unless asked for; then the signing keys and the webhook secret are sealed on a server that has one', async () => {
    const clear = await server({});
    const app = await clear.createApp();
    const webhook = await clear.admin<{ secret: string }>('POST', `/apps/${app}/webhook_secret`);
    expect(webhook.body.secret).toMatch(/\w{20,}/);
    const path = join(dir, 'clear.jsonl');
    expect(await clear.cli.failure(['export', '--out', path])).toMatch(
      /keeps its signing keys and secret settings in clear .*--include-clear-signing-keys/,
    );
    const run = await clear.cli.latchkey(['export', '--out', path, '--include-clear-signing-keys']);
    expect(run.code, run.stderr).toBe(0);
    const text = await readFile(path, 'utf8');
    expect(JSON.parse(text.split('\n')[0]!)).toMatchObject({ secrets: 'clear', key_encryption_key: null });
    expect(text).toContain('BEGIN PRIVATE KEY');
    expect(text).toContain(webhook.body.secret);

    const sealing = await server();
    const imported = await sealing.cli.latchkey(['import', 'deployment', path]);
    expect(imported.code, imported.stderr).toBe(0);
    const stored = (await sealing.storedContents()).join('');
    expect(stored).not.toContain('BEGIN PRIVATE KEY');
    expect(stored).not.toContain(webhook.body.secret);
  });
});
