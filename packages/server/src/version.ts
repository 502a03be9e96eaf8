import { readFileSync } from 'node:fs';

/** The server package's manifest (package.json sits beside src/ and dist/ alike). */
const MANIFEST = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
  peerDependencies?: Record<string, string>;
};

export const VERSION: string = MANIFEST.version;

/** The optional OpenTelemetry packages traces need, as `npm install` arguments (from peerDependencies). */
export const OTEL_PACKAGES: string[] = Object.entries(MANIFEST.peerDependencies ?? {})
  .filter(([name]) => name.startsWith('@opentelemetry/'))
  .map(([name, range]) => `${name}@${range}`);
