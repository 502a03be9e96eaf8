import type { Logger } from 'pino';
import type { Config } from './config.js';
import { AppDirectory } from './cache/app-directory.js';
import { ReadCaches } from './cache/read-caches.js';
import { createPasswordHasher, type PasswordHasher } from './crypto/password.js';
import { NO_KEY_ENCRYPTION, type KeyEncryptionKeys } from './crypto/sealed-secrets.js';
import { ActivityRecorder } from './domain/activity.js';
import { AuditRecorder } from './domain/audit-recorder.js';
import { BackgroundWork } from './domain/background-work.js';
import type { Deps } from './domain/deps.js';
import type { SigningKeyRing } from './domain/signing-key-ring.js';
import type { AuditEvent } from './model/audit-events.js';
import type { Clock } from './model/clock.js';
import type { MailService } from './model/mail.js';
import { NO_METRICS, type Metrics } from './model/metrics.js';
import type { WebhookCaller } from './model/webhooks.js';
import { identityProviderClients } from './outbound/identity-providers.js';
import { DEFAULT_JWK_SET_POLICY } from './outbound/jwk-sets.js';
import { loadTemplates } from './outbound/mail-templates.js';
import { createSmtpMail } from './outbound/smtp-mail.js';
import { DEFAULT_WEBHOOK_POLICY, createWebhookCaller } from './outbound/webhook-caller.js';
import type { Store } from './store/store.js';

/** What Latchkey reaches beyond its database: the SMTP server (if configured) and apps' webhooks. */
export interface Outbound {
  mail: (MailService & { close(): void }) | null;
  webhooks: WebhookCaller;
}

export function openOutbound(config: Config, wakeMailWorker: () => void): Outbound {
  const mail = config.smtpUrl
    ? createSmtpMail({ url: config.smtpUrl, from: config.mailFrom, templates: loadTemplates(config.mailTemplatesDir) }, wakeMailWorker)
    : null;
  return { mail, webhooks: createWebhookCaller({ ...DEFAULT_WEBHOOK_POLICY, timeoutMs: config.webhookTimeoutSeconds * 1000 }) };
}

/** The collaborators every domain operation receives, wired once (the server and the OpenAPI generator share this). */
export async function createDeps(
  store: Store,
  clock: Clock,
  signingKeys: SigningKeyRing,
  log: Pick<Logger, 'warn' | 'info'>,
  more: {
    outbound?: Outbound;
    metrics?: Metrics;
    secretKeys?: KeyEncryptionKeys;
    passwords?: PasswordHasher;
    /** How long identity providers (JWK sets, discovery, token endpoints) may take. */
    providerTimeoutMs?: number;
  } = {},
): Promise<Deps & { audit: AuditRecorder }> {
  const { outbound = { mail: null, webhooks: createWebhookCaller() }, metrics = NO_METRICS, secretKeys = NO_KEY_ENCRYPTION } = more;
  const apps = await AppDirectory.load(store, (error) =>
    log.warn({ err: (error as Error).message }, 'could not reload apps; keeping the ones held'),
  );
  const warn = (what: string) => (error: unknown) => log.warn({ err: (error as Error).message }, what);
  return {
    store,
    clock,
    passwords: more.passwords ?? createPasswordHasher(),
    apps,
    log: { warn: (details, message) => log.warn(details, message) },
    background: new BackgroundWork({
      info: (details, message) => log.info(details, message),
      warn: (details, message) => log.warn(details, message),
    }),
    caches: new ReadCaches(store, clock, undefined, metrics),
    tokens: signingKeys.tokens,
    signingKeys,
    secretKeys,
    mail: outbound.mail,
    webhooks: outbound.webhooks,
    ...identityProviderClients(more.providerTimeoutMs ?? DEFAULT_JWK_SET_POLICY.timeoutMs, () => clock.now()),
    audit: new AuditRecorder(
      store,
      apps,
      clock,
      (event: AuditEvent) => metrics.event(event),
      warn('could not write audit events; they are lost'),
    ),
    activity: new ActivityRecorder(store, clock, warn('could not record last-login times')),
  };
}
