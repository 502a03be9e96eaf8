import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../domain/deps.js';
export declare const SQLITE_MEDIA_TYPE = "application/vnd.sqlite3";
/**
 * A consistent copy of the embedded database, taken while the server keeps serving (SQLite's
 * online backup), written to a private temporary file, streamed, then removed.
 */
export declare function backupRoutes(scope: FastifyInstance, deps: Deps): void;
