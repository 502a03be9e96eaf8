import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Environment, parseConfig } from '../src/config.js';
import { MAIN } from './nodes.js';

/** deploy/: the systemd unit and its environment file are what docs/deploy.md installs; they must be valid and name real settings. */
const deployFile = (name: string) => readFile(new URL(`../../../deploy/${name}`, import.meta.url), 'utf8');
const SYSTEMD_ANALYZE = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((path) => existsSync(path));

/** KEY=VALUE lines, as systemd's EnvironmentFile= reads them (comments and blank lines skipped). */
const assignments = (text: string) =>
  text
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latchkey-deploy-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('deploy/', () => {
  it('the unit and the environment file set only settings Latchkey reads, and the example is a valid configuration', async () => {
    const unit = await deployFile('latchkey.service');
    const example = await deployFile('latchkey.env.example');
    const known = Object.keys(Environment.properties);
    const set = [...unit.matchAll(/^Environment=([A-Z_]+)=/gm)].map((match) => match[1]!);
    const exampled = [...example.matchAll(/^#? ?([A-Z_]+)=/gm)].map((match) => match[1]!);
    expect(set.length).toBeGreaterThan(0);
    for (const name of [...set, ...exampled]) expect(known, name).toContain(name);
    const env = Object.fromEntries(assignments(example));
    env.LATCHKEY_SECRET_KEY = randomBytes(32).toString('base64');
    const config = parseConfig(env);
    expect([config.host, config.publicUrl, config.trustProxy]).toEqual(['127.0.0.1', 'https://auth.example.com', '127.0.0.1']);
  });

  it.runIf(SYSTEMD_ANALYZE)('the unit passes systemd-analyze verify, without a warning', async () => {
    const unit = (await deployFile('latchkey.service'))
      .replace(/^ExecStart=\/usr\/bin\/node /m, `ExecStart=${process.execPath} `)
      .replace('/opt/latchkey/node_modules/@latchkey/server/dist/cli/main.js', MAIN)
      .replace('WorkingDirectory=/opt/latchkey', `WorkingDirectory=${dir}`)
      .replace('EnvironmentFile=/etc/latchkey/latchkey.env', `EnvironmentFile=${join(dir, 'latchkey.env')}`);
    expect(unit).toContain(MAIN);
    await writeFile(join(dir, 'latchkey.env'), '');
    await writeFile(join(dir, 'latchkey.service'), unit);
    const { stdout, stderr } = await promisify(execFile)(SYSTEMD_ANALYZE!, ['verify', '--man=no', join(dir, 'latchkey.service')]);
    expect(stdout + stderr).toBe('');
  });
});
