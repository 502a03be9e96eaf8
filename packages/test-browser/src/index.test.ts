import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findBrowser } from './index.js';

const saved = { PATH: process.env.PATH, CHROMIUM_PATH: process.env.CHROMIUM_PATH };
const dir = mkdtempSync(join(tmpdir(), 'latchkey-browser-'));
afterEach(() => {
  process.env.PATH = saved.PATH;
  if (saved.CHROMIUM_PATH === undefined) delete process.env.CHROMIUM_PATH;
  else process.env.CHROMIUM_PATH = saved.CHROMIUM_PATH;
});

function fakeExecutable(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

describe('finding a browser for the tests', () => {
  it('takes CHROMIUM_PATH first, and says so when it is not an executable', async () => {
    process.env.CHROMIUM_PATH = fakeExecutable('my-chrome');
    process.env.PATH = dir;
    expect(await findBrowser()).toMatchObject({ executablePath: join(dir, 'my-chrome'), source: 'CHROMIUM_PATH' });
    process.env.CHROMIUM_PATH = join(dir, 'missing');
    await expect(findBrowser()).rejects.toThrow(/CHROMIUM_PATH/);
  });

  it('then a Chromium or Chrome on the PATH', async () => {
    delete process.env.CHROMIUM_PATH;
    const systemDir = mkdtempSync(join(tmpdir(), 'latchkey-bin-'));
    const chrome = join(systemDir, 'google-chrome');
    writeFileSync(chrome, '#!/bin/sh\n');
    chmodSync(chrome, 0o755);
    process.env.PATH = systemDir;
    expect(await findBrowser()).toMatchObject({ executablePath: chrome, source: 'system' });
    rmSync(systemDir, { recursive: true, force: true });
  });

  it('then the Chromium inside @sparticuz/chromium, without the flags that would switch web security off', async () => {
    delete process.env.CHROMIUM_PATH;
    process.env.PATH = join(dir, 'nothing-here');
    const found = await findBrowser();
    expect(found.source).toBe('@sparticuz/chromium');
    expect(found.args).not.toContain('--disable-web-security');
    expect(found.args).not.toContain('--single-process');
    expect(found.args).toContain('--disable-background-networking');
  });
});
