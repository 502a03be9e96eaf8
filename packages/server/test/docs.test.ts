import { access, readFile, readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { Environment } from '../src/config.js';
import { OTEL_PACKAGES } from '../src/version.js';
import { PrometheusMetrics } from '../src/metrics/prometheus-metrics.js';
import type { CacheName } from '../src/model/metrics.js';

/** The reference pages hold what the code does: each table here is checked against its source. */
const doc = (path: string) => readFile(new URL(`../../../${path}`, import.meta.url), 'utf8');
const codeNamesIn = (text: string, prefix: RegExp) => [...new Set([...text.matchAll(prefix)].map((match) => match[1]!))].sort();

describe('the docs are true to the code', () => {
  it("the README's Configuration table names every environment variable the server reads, and no other", async () => {
    const readme = await doc('README.md');
    const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
    const documented = codeNamesIn(section, /^\| `([A-Z_]+)` \|/gm);
    expect(documented).toEqual(Object.keys(Environment.properties).sort());
  });

  it("operations.md's OpenTelemetry install command is the one a server without the SDK prints", async () => {
    const operations = await doc('docs/operations.md');
    expect(OTEL_PACKAGES.length).toBe(5);
    for (const spec of OTEL_PACKAGES) expect(operations).toContain(`'${spec}'`);
  });

  it("operations.md's metrics table names every metric the server registers, and every cache it counts", async () => {
    const operations = await doc('docs/operations.md');
    const documented = codeNamesIn(operations, /^\| `(latchkey_[a-z_]+)` \|/gm);
    const metrics = new PrometheusMetrics();
    const registered = (await metrics.registry.getMetricsAsJSON())
      .map((metric) => metric.name)
      .filter((name) => name.startsWith('latchkey_'));
    expect(documented).toEqual([...registered].sort());
    const caches: Record<CacheName, true> = { sessions: true, users: true, key_lists: true, verified_keys: true };
    const row = operations.split('\n').find((line) => line.startsWith('| `latchkey_cache_lookups_total`')) ?? '';
    for (const cache of Object.keys(caches)) expect(row).toContain(`\`${cache}\``);
  });

  it("performance.md's current results are bench/results/latest.md's, as committed", async () => {
    const performance = await doc('docs/performance.md');
    const copied = performance.slice(performance.indexOf('<!-- latest.md -->') + 19, performance.indexOf('<!-- /latest.md -->')).trim();
    const latest = (await doc('bench/results/latest.md')).split('\n').slice(2).join('\n').trim();
    expect(copied).toEqual(latest);
  });

  it("migrating.md's import figures are bench/results/import.md's, as committed", async () => {
    const migrating = await doc('docs/migrating.md');
    const copied = migrating.slice(migrating.indexOf('<!-- import.md -->') + 18, migrating.indexOf('<!-- /import.md -->')).trim();
    const results = (await doc('bench/results/import.md')).split('\n').slice(2).join('\n').trim();
    expect(copied).toEqual(results);
  });

  it('carries its licence: Apache-2.0 in LICENSE and in every package.json', async () => {
    expect(await doc('LICENSE')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    const manifests = [
      'package.json',
      ...['errors', 'protocol', 'admin', 'server', 'client', 'react', 'console', 'test-browser'].map(
        (name) => `packages/${name}/package.json`,
      ),
    ];
    for (const manifest of manifests)
      expect((JSON.parse(await doc(manifest)) as { license?: string }).license, manifest).toBe('Apache-2.0');
    for (const file of ['SECURITY.md', 'CHANGELOG.md', 'CONTRIBUTING.md']) expect((await doc(file)).length, file).toBeGreaterThan(200);
  });

  it('links only to files that exist: every relative link and image in the README and docs/', async () => {
    const pages = [
      'README.md',
      ...(await readdir(new URL('../../../docs', import.meta.url))).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`),
    ];
    const missing: string[] = [];
    for (const page of pages) {
      const base = new URL(`../../../${page}`, import.meta.url);
      for (const [, target] of (await doc(page)).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/i.test(target!)) continue;
        await access(new URL(target!, base)).catch(() => missing.push(`${page} → ${target}`));
      }
    }
    expect(missing).toEqual([]);
  });
});
