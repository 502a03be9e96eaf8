import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_STORE } from '../src/store/postgres/test-database.js';
import { call, until } from './nodes.js';

/**
 * The packages as an outsider gets them: `npm pack` of each, installed from the tarballs into
 * fresh projects outside the repository (dependencies from the npm cache the repository's own
 * install filled; only package metadata may come from the registry). An app compiles the
 * package READMEs' examples with strict tsc; the server's production install starts with
 * `npx latchkey serve` and a user logs in.
 */
const REPO = new URL('../../../', import.meta.url).pathname;
const run = promisify(execFile);
const PACKAGES = ['errors', 'protocol', 'admin', 'client', 'react', 'server'] as const;
/** The server's production install (node_modules, --omit=dev): 72 MB here with better-sqlite3 prebuilt, 87 MB where it compiles. */
const SERVER_INSTALL_BUDGET_MB = 100;
// OpenTelemetry (31 MB) is an optional peer: installed only by whoever sets OTEL_EXPORTER_OTLP_ENDPOINT.
const INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

let work: string;
const tarballs: Record<string, string> = {};

const npm = (cwd: string, args: string[], env: Record<string, string> = {}) =>
  run('npm', args, { cwd, env: { ...process.env, npm_config_update_notifier: 'false', ...env } });

/**
 * better-sqlite3's install script (prebuild-install) fetches a prebuilt binary from GitHub, and
 * compiles from source when it cannot (about a minute here, as in the repository's own
 * install). It also looks in a local folder first: given the binary the repository's install
 * compiled, for this same version and Node ABI, the install script runs as it does for anyone
 * and takes it from there.
 */
async function localSqlitePrebuild(): Promise<Record<string, string>> {
  const module = join(REPO, 'node_modules', 'better-sqlite3');
  const { version } = JSON.parse(await readFile(join(module, 'package.json'), 'utf8')) as { version: string };
  const folder = join(work, 'prebuilds');
  await mkdir(folder, { recursive: true });
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  await run('tar', ['-czf', join(folder, name), 'build/Release/better_sqlite3.node'], { cwd: module });
  return { npm_config_better_sqlite3_local_prebuilds: folder };
}

async function project(name: string, manifest: Record<string, unknown> = {}): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir);
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module', ...manifest }));
  return dir;
}

/** Every fenced block of `language` in a package's README. */
async function examples(name: string, language: string): Promise<string> {
  const readme = await readFile(join(REPO, 'packages', name, 'README.md'), 'utf8');
  return [...readme.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]).join('\n');
}

/**
 * npx runs the server as its child: SIGTERM goes to the whole process group, and the group is
 * waited for until it is gone (the server closes its database last).
 */
async function stopGroup(child: ChildProcess): Promise<void> {
  const group = -child.pid!;
  process.kill(group, 'SIGTERM');
  await until(() => {
    try {
      process.kill(group, 0);
      return false;
    } catch {
      return true;
    }
  }, 'npx latchkey serve and its server to exit');
}

/** `npx latchkey serve` in an installed project, on a random port, once it says it is ready. */
async function serveInstalled(dir: string, env: Record<string, string>): Promise<{ url: string; banner(): string; stop(): Promise<void> }> {
  const child = spawn('npx', ['--no-install', 'latchkey', 'serve'], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LATCHKEY_DATA_DIR: join(dir, 'data'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let banner = '';
  child.stderr.on('data', (chunk: Buffer) => (banner += String(chunk)));
  try {
    await until(() => banner.includes('Ready.'), `npx latchkey serve to start (${banner})`, 30_000);
  } catch (error) {
    await stopGroup(child);
    throw error;
  }
  return { url: /listening on (http:\/\/\S+)/.exec(banner)![1]!, banner: () => banner, stop: () => stopGroup(child) };
}

async function sizeMb(dir: string): Promise<number> {
  const { stdout } = await run('du', ['-sm', dir]);
  return Number(stdout.split('\t')[0]);
}

// The two installs are independent projects: they run side by side.
describe.runIf(TEST_STORE === 'sqlite')('the published packages', { concurrent: true }, () => {
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'latchkey-packages-'));
    const packs = join(work, 'tarballs');
    await mkdir(packs);
    // Packed side by side: each npm process mostly waits on the disk.
    const outputs = await Promise.all(
      PACKAGES.map((name) => npm(REPO, ['pack', '--json', `--workspace=@latchkey/${name}`, `--pack-destination=${packs}`])),
    );
    for (const [index, name] of PACKAGES.entries()) {
      const { stdout } = outputs[index]!;
      const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
      tarballs[name] = join(packs, packed!.filename);
      const files = packed!.files.map((file) => file.path);
      expect(files, name).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']));
      expect(
        files.filter((path) => /\.test\.|tsbuildinfo|store-suite|test-database/.test(path)),
        name,
      ).toEqual([]);
      if (name === 'server') expect(files).toEqual(expect.arrayContaining(['bin/latchkey.js', 'console/index.html', 'dist/cli/main.js']));
    }
  }, 120_000);
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('let an app compile the READMEs’ examples against @latchkey/client, react and admin with strict tsc', async () => {
    const app = await project('app');
    const ours = ['errors', 'protocol', 'admin', 'client', 'react'].map((name) => tarballs[name]!);
    await npm(app, [...INSTALL, ...ours, 'react@19', '@types/react@19', '@types/node@20', 'typescript@5.9']);
    await writeFile(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'nodenext',
          target: 'es2022',
          jsx: 'react-jsx',
          lib: ['es2022', 'dom'],
          skipLibCheck: false,
        },
      }),
    );
    await writeFile(join(app, 'client.ts'), await examples('client', 'ts'));
    await writeFile(join(app, 'keys.tsx'), await examples('react', 'tsx'));
    await writeFile(join(app, 'admin.ts'), (await examples('admin', 'ts')) + '\nexport {};\n');
    await writeFile(join(app, 'errors.ts'), (await examples('errors', 'ts')) + '\nexport { status };\n');
    await writeFile(join(app, 'protocol.ts'), (await examples('protocol', 'ts')) + '\nexport type { LoginAnswer };\n');
    const compiled = await npm(app, ['exec', '--', 'tsc', '-p', '.']).catch((error: { stdout: string }) => error);
    expect('stdout' in compiled ? compiled.stdout : '').toBe('');
    const installed = await readdir(join(app, 'node_modules', '@latchkey'));
    expect(installed.sort()).toEqual(['admin', 'client', 'errors', 'protocol', 'react']);
  }, 240_000);

  it('install the server for production (no Chromium, Vite, Vitest or autocannon; within its size budget), and npx latchkey serve lets a user log in', async () => {
    const server = await project('server', { allowScripts: { 'better-sqlite3': true } });
    const ours = ['errors', 'protocol', 'admin', 'server'].map((name) => tarballs[name]!);
    await npm(server, [...INSTALL, '--omit=dev', ...ours], await localSqlitePrebuild());
    const modules = await readdir(join(server, 'node_modules'));
    for (const absent of ['@sparticuz', 'playwright-core', 'vite', 'vitest', 'autocannon', 'realm-web', 'typescript'])
      expect(modules, absent).not.toContain(absent);
    const megabytes = await sizeMb(join(server, 'node_modules'));
    console.info(`the server's production install: ${megabytes} MB of node_modules (budget ${SERVER_INSTALL_BUDGET_MB} MB)`);
    expect(megabytes).toBeLessThanOrEqual(SERVER_INSTALL_BUDGET_MB);

    const started = await serveInstalled(server, { LATCHKEY_LOG_LEVEL: 'warn' });
    try {
      const { url } = started;
      expect(started.banner()).toContain(`Console:      ${url}/console/`);
      const registered = await call(url, 'POST', '/api/client/v2.0/app/demo/auth/providers/local-userpass/register', {
        body: { email: 'installed@example.com', password: 'from-a-tarball' },
      });
      expect(registered.status).toBe(201);
      const login = await call(url, 'POST', '/api/client/v2.0/app/demo/auth/providers/local-userpass/login', {
        body: { username: 'installed@example.com', password: 'from-a-tarball' },
      });
      expect([login.status, typeof login.body?.access_token]).toEqual([200, 'string']);
      const consolePage = await fetch(`${url}/console/`);
      expect([consolePage.status, (await consolePage.text()).includes('<div id="root">')]).toEqual([200, true]);
    } finally {
      await started.stop();
    }

    // Traces are optional: asked for without OpenTelemetry installed, the server says what to install…
    const withoutOtel = await run('npx', ['--no-install', 'latchkey', 'serve'], {
      cwd: server,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        LATCHKEY_DATA_DIR: join(server, 'data'),
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      },
    }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in withoutOtel ? withoutOtel.code : 0).toBe(1);
    const advice = /npm install (.+), or unset OTEL_EXPORTER_OTLP_ENDPOINT/.exec('stderr' in withoutOtel ? withoutOtel.stderr : '');
    expect(advice, 'stderr' in withoutOtel ? withoutOtel.stderr : '').not.toBeNull();
    // …and after that install it starts with traces on.
    const specs = [...advice![1]!.matchAll(/'([^']+)'/g)].map((match) => match[1]!);
    expect(specs.length).toBeGreaterThanOrEqual(5);
    await npm(server, [...INSTALL, '--omit=dev', ...specs]);
    const traced = await serveInstalled(server, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' });
    expect(traced.banner()).toContain('Ready.');
    await traced.stop();
  }, 300_000);
});
