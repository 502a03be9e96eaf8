import type { FastifyInstance } from 'fastify';
import { type Logger } from 'pino';
import type { Config } from './config.js';
import { AuditLog } from './domain/audit-log.js';
import { type Clock } from './domain/clock.js';
import type { Deps } from './domain/deps.js';
import { type Metrics } from './domain/metrics.js';
import { type MaintenanceResult } from './domain/maintenance.js';
import { SigningKeyRing } from './domain/signing-key-ring.js';
import type { MailService } from './domain/mail.js';
import type { WebhookCaller } from './domain/webhooks.js';
import type { Store } from './store/store.js';
export declare const DEMO_APP_ID = "demo";
export interface RunningLatchkey {
    /** The base URL clients use (`location` answers it as `hostname`): LATCHKEY_PUBLIC_URL when set. */
    url: string;
    /** Where this process listens, which differs from `url` behind a proxy. */
    listenUrl: string;
    server: FastifyInstance;
    store: Store;
    /** The admin token, only on the start that generated it. */
    generatedAdminToken: string | null;
    /** The demo app was created on this start. */
    createdDemoApp: boolean;
    /** Runs the background maintenance now (it also runs every 10 minutes). */
    maintenance(): Promise<MaintenanceResult>;
    close(): Promise<void>;
}
export interface StartOptions {
    clock?: Clock;
    /** Where the log goes; defaults to stdout. */
    logStream?: NodeJS.WritableStream;
}
/** What Latchkey reaches beyond its database: the SMTP server (if configured) and apps' webhooks. */
export interface Outbound {
    mail: (MailService & {
        close(): void;
    }) | null;
    webhooks: WebhookCaller;
}
/** The collaborators every domain operation receives, wired once (the server and the OpenAPI generator share this). */
export declare function createDeps(store: Store, clock: Clock, signingKeys: SigningKeyRing, log: Pick<Logger, 'warn'>, outbound?: Outbound, metrics?: Metrics): Promise<Deps & {
    audit: AuditLog;
}>;
/** Opens the store, loads or creates keys and the demo app, and listens. */
export declare function startLatchkey(config: Config, options?: StartOptions): Promise<RunningLatchkey>;
