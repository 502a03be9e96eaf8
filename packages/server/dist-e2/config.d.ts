import { type KeyEncryptionKeys } from './crypto/signing-keys.js';
declare const LOG_LEVELS: readonly ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
export interface Config {
    port: number;
    host: string;
    dataDir: string;
    /** The console's static build; unset, packages/console/dist beside the server. */
    consoleDir: string | undefined;
    /** A PostgreSQL connection string selects the PostgreSQL store; unset, the embedded SQLite store. */
    databaseUrl: string | undefined;
    /** Rate limits shared by every node through this Redis; unset, each node counts alone. */
    redisUrl: string | undefined;
    redisPrefix: string;
    /** Encrypts the signing keys at rest (and the previous one, while rotating it, still decrypts). */
    keyEncryption: KeyEncryptionKeys;
    /** What `location` answers as `hostname`; derived from the bound address when unset. */
    publicUrl: string | undefined;
    adminToken: string | undefined;
    logLevel: (typeof LOG_LEVELS)[number];
    /** Password logins and registrations per client IP per minute; 0 turns the limit off. */
    passwordRateLimit: number;
    /** Fastify's trustProxy: whether (or which hops) to believe X-Forwarded-For for the client IP. */
    trustProxy: boolean | number | string;
    /** Anonymous logins per client IP per minute (each makes a user); 0 turns the limit off. */
    anonymousRateLimit: number;
    revokeRateLimit: number;
    /** How long a client may take to send a whole request (headers and body); slower ones get 408. */
    requestTimeoutSeconds: number;
    /** Open connections at most; further ones are closed at once. */
    maxConnections: number;
    /** Confirmation and reset mail; unset, no app can use the email flows. */
    smtpUrl: string | undefined;
    mailFrom: string;
    /** Overrides for the mail templates (confirm.txt, confirm.html, reset.txt, reset.html). */
    mailTemplatesDir: string | undefined;
    /** How long each attempt to call an app's webhook may take (two retries follow a failed one). */
    webhookTimeoutSeconds: number;
    /** Prometheus metrics (GET /metrics and what feeds it); off, neither the route nor the counting exists. */
    metrics: boolean;
    /** GET /metrics without the admin token (for a scraper on a private network). */
    metricsPublic: boolean;
}
export declare class ConfigError extends Error {
}
/** Parses and validates the environment once, at start. */
export declare function parseConfig(env: Record<string, string | undefined>): Config;
export {};
