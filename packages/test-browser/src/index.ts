import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Where a browser came from, for test output. */
export interface FoundBrowser {
  executablePath: string;
  args: string[];
  source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
}

const SYSTEM_BROWSERS = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/**
 * Without these, Chromium reaches for Google's services at every start, and on a machine with
 * no internet each refused connection costs time.
 */
const QUIET = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'];

/**
 * @sparticuz/chromium's flags are meant for serverless crawlers. Some would hide what the
 * tests are for (web security is what makes CORS bite in a real browser), and a single-process
 * browser exits when its last page closes, which tests do between cases.
 */
const UNWANTED = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
  '--single-process',
]);

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

async function bundledChromium(): Promise<FoundBrowser | null> {
  let bundled: { executablePath(): Promise<string>; args: string[] };
  try {
    bundled = (await import('@sparticuz/chromium')).default;
  } catch {
    return null; // an optional dependency: absent where it does not install (not Linux)
  }
  const args = bundled.args.filter((arg) => !UNWANTED.has(arg.split('=')[0]!));
  return { executablePath: await bundled.executablePath(), args: [...args, ...QUIET], source: '@sparticuz/chromium' };
}

/**
 * The browser the tests use, in this order: `CHROMIUM_PATH`, a Chromium or Chrome on the PATH,
 * then the Chromium shipped inside the npm package @sparticuz/chromium (decompressed to /tmp
 * on first use; nothing is downloaded).
 */
export async function findBrowser(): Promise<FoundBrowser> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!isExecutable(configured)) throw new Error(`CHROMIUM_PATH=${configured} is not an executable file`);
    return { executablePath: configured, args: ['--no-sandbox', ...QUIET], source: 'CHROMIUM_PATH' };
  }
  for (const name of SYSTEM_BROWSERS) {
    const found = onPath(name);
    if (found) return { executablePath: found, args: ['--no-sandbox', ...QUIET], source: 'system' };
  }
  const bundled = await bundledChromium();
  if (bundled) return bundled;
  throw new Error(
    'No browser for the browser tests: set CHROMIUM_PATH, install Chromium or Chrome, or run npm install on Linux (it installs @sparticuz/chromium)',
  );
}

/** Launches the browser findBrowser() picks, headless. */
export async function launchBrowser(): Promise<Browser> {
  const found = await findBrowser();
  return chromium.launch({ executablePath: found.executablePath, args: found.args, headless: true });
}
export type { Browser, Page } from 'playwright-core';
