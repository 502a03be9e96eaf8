/**
 * Latchkey's wire contract. Each shape is declared once, as a TypeBox schema (a JSON Schema the
 * server validates and serialises with, and docs/openapi.json shows) and a type of the same
 * name (what the SDKs, the CLI and the console import, type-only). Names are the wire's:
 * snake_case fields, `_id`, times as RFC 3339 strings.
 */
export * from './common.js';
export * from './providers.js';
export * from './apps.js';
export * from './api-keys.js';
export * from './sessions.js';
export * from './users.js';
export * from './audit.js';
export * from './operations.js';
export * from './errors.js';
export * from './imports.js';
export * from './deployment.js';
export * from './problems.js';
