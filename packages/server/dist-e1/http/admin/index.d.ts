import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type { Deps } from '../../domain/deps.js';
export declare const ADMIN_PREFIX = "/api/admin/v1";
/** Only a presented token whose hash matches the stored one passes; compared in constant time. */
export declare function requireAdminToken(adminTokenHash: Buffer): preHandlerAsyncHookHandler;
/** The admin API, every route behind the admin token: apps, server keys, users and their keys, registrations, audit log, backup, signing keys. */
export declare function adminRoutes(server: FastifyInstance, deps: Deps, adminTokenHash: Buffer): void;
