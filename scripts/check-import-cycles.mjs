// Fails when any package's source has an import cycle, type-only imports included (madge
// follows `import type` too). Run by `npm run lint`, and so by `npm test`.
import madge from 'madge';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['packages', 'examples'].flatMap((group) =>
  readdirSync(group)
    .map((name) => join(group, name))
    .filter((dir) => existsSync(join(dir, 'src')) && existsSync(join(dir, 'tsconfig.json'))),
);
let failed = false;
for (const root of roots) {
  const graph = await madge(join(root, 'src'), {
    fileExtensions: ['ts', 'tsx'],
    tsConfig: join(root, 'tsconfig.json'),
    // Each package's own source: other packages are reached through their builds, checked on their own.
    excludeRegExp: [/[\\/]dist[\\/]/, /node_modules/],
    detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
  });
  const cycles = graph.circular();
  for (const cycle of cycles) console.error(`import cycle in ${root}/src: ${[...cycle, cycle[0]].join(' -> ')}`);
  failed ||= cycles.length > 0;
}
if (failed) process.exit(1);
console.log(`no import cycles in ${roots.length} packages`);
