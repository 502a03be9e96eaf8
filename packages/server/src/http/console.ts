import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { LatchkeyError } from '../model/errors.js';

/**
 * The console's build: in the repository, where `npm install` builds it (packages/console/dist);
 * in an installed server package, its own `console/` (copied in when the package is packed).
 * From src/http or dist/http alike.
 */
const REPOSITORY_CONSOLE_DIR = fileURLToPath(new URL('../../../console/dist/', import.meta.url));
const PACKAGED_CONSOLE_DIR = fileURLToPath(new URL('../../console/', import.meta.url));
export const DEFAULT_CONSOLE_DIR =
  !existsSync(`${REPOSITORY_CONSOLE_DIR}index.html`) && existsSync(`${PACKAGED_CONSOLE_DIR}index.html`)
    ? PACKAGED_CONSOLE_DIR
    : REPOSITORY_CONSOLE_DIR;

/**
 * Only the console's own files, from its own origin: no inline script or style, no framing,
 * no other server to talk to. Pico CSS draws its icons as data: images.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The web console at /console/ (a static build; it talks to the admin API with the token the
 * operator types in). Built assets have content hashes in their names and are cached for a
 * year; index.html never is. Without a build, /console answers a coded 404 saying how to get one.
 */
export async function consoleRoutes(app: FastifyInstance, dir: string): Promise<void> {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/', 302));
  app.get('/console', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/', 302));
  if (!existsSync(`${dir}/index.html`)) {
    app.get('/console/*', { schema: { hide: true } }, async () => {
      throw new LatchkeyError('NotFound', 'the console is not built: run npm install (or npm run build) in the repository');
    });
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/console/',
    wildcard: true,
    index: ['index.html'],
    cacheControl: false,
    etag: true,
    lastModified: false,
    setHeaders(reply, path) {
      reply.header('content-security-policy', CONSOLE_CSP);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('cross-origin-opener-policy', 'same-origin');
      reply.header('x-frame-options', 'DENY');
      reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
