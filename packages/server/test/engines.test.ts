import { readFile } from 'node:fs/promises';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

/**
 * `engines` says which Node.js runs Latchkey, and it must be what every installed package
 * accepts: otherwise `npm install` warns EBADENGINE on a version the README promises.
 */
const json = async <T>(path: string) => JSON.parse(await readFile(new URL(`../../../${path}`, import.meta.url), 'utf8')) as T;

interface Lock {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
}

/** The oldest version of each line the root's range admits (20.19.0, 22.13.0, 24.0.0 …). */
function oldestOfEachLine(range: string): string[] {
  return [20, 22, 24, 26].map((major) => semver.minSatisfying(candidates(major), range)).filter((version) => version !== null);
}

const candidates = (major: number) => Array.from({ length: 40 }, (_, minor) => `${major}.${minor}.0`);

describe('the Node.js versions Latchkey names', () => {
  it('are accepted by every package in the lockfile', async () => {
    const root = await json<{ engines: { node: string } }>('package.json');
    const lock = await json<Lock>('package-lock.json');
    const versions = oldestOfEachLine(root.engines.node);
    expect(versions.slice(0, 3)).toEqual(['20.19.0', '22.13.0', '24.0.0']);
    const refusing = Object.entries(lock.packages).flatMap(([path, entry]) => {
      const wanted = !entry.engines || Array.isArray(entry.engines) ? undefined : entry.engines.node;
      if (!wanted) return [];
      return versions
        .filter((version) => !semver.satisfies(version, wanted))
        .map((version) => `${path}@${entry.version} wants ${wanted}, not ${version}`);
    });
    expect(refusing).toEqual([]);
  });

  it('are the ones the README names, and every published package says the same or less', async () => {
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain('Node.js 20.19 or later on line 20, 22.13 or later on line 22, or 24 and later');
    const root = await json<{ engines: { node: string } }>('package.json');
    for (const name of ['errors', 'protocol', 'admin', 'client', 'react', 'server']) {
      const manifest = await json<{ engines?: { node: string }; private?: boolean }>(`packages/${name}/package.json`);
      if (manifest.private) continue;
      expect(manifest.engines?.node, name).toBeDefined();
      for (const version of oldestOfEachLine(root.engines.node))
        expect(semver.satisfies(version, manifest.engines!.node), `${name} on ${version}`).toBe(true);
    }
  });
});
