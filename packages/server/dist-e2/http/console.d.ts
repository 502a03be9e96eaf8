import type { FastifyInstance } from 'fastify';
/** Where `npm install` builds the console (packages/console/dist), from src/http or dist/http alike. */
export declare const DEFAULT_CONSOLE_DIR: string;
/**
 * Only the console's own files, from its own origin: no inline script or style, no framing,
 * no other server to talk to. Pico CSS draws its icons as data: images.
 */
export declare const CONSOLE_CSP: string;
/**
 * The web console at /console/ (a static build; it talks to the admin API with the token the
 * operator types in). Built assets have content hashes in their names and are cached for a
 * year; index.html never is. Without a build, /console answers a coded 404 saying how to get one.
 */
export declare function consoleRoutes(app: FastifyInstance, dir: string): Promise<void>;
