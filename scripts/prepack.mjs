// A package's "prepack" and "postpack" scripts (npm pack, npm publish): put in what the tarball
// needs from outside the package's folder, then take it out again (--clean), so the working
// tree holds one copy of each file.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const repo = new URL('..', import.meta.url).pathname;
const here = process.cwd();
const withConsole = process.argv.includes('--with-console');

if (process.argv.includes('--clean')) {
  rmSync(join(here, 'LICENSE'), { force: true });
  if (withConsole) rmSync(join(here, 'console'), { recursive: true, force: true });
  process.exit(0);
}

cpSync(join(repo, 'LICENSE'), join(here, 'LICENSE'));

// The server serves the console's static build from its own package.
if (withConsole) {
  const built = join(repo, 'packages', 'console', 'dist');
  if (!existsSync(join(built, 'index.html'))) {
    console.error('prepack: the console is not built (npm run build -w @latchkey/console)');
    process.exit(1);
  }
  rmSync(join(here, 'console'), { recursive: true, force: true });
  cpSync(built, join(here, 'console'), { recursive: true });
}
