import type { KeyEncryptionKeys } from '../crypto/sealed-secrets.js';
import type { BackgroundWork } from './background-work.js';
import type { AccessTokenCodec } from '../crypto/access-tokens.js';
import type { Store } from '../store/store.js';
import type { ActivityRecorder } from './activity.js';
import type { AppDirectory } from './app-directory.js';
import type { AuditSink } from './audit.js';
import type { Clock } from './clock.js';
import type { MailService } from './mail.js';
import type { ReadCaches } from './read-caches.js';
import type { SigningKeyRing } from './signing-key-ring.js';
import type { WebhookCaller } from './webhooks.js';

/** The collaborators every domain operation receives, as one object of interfaces. */
export interface Deps {
  store: Store;
  clock: Clock;
  tokens: AccessTokenCodec;
  apps: AppDirectory;
  caches: ReadCaches;
  /** Sending confirmation and reset mail; null when no SMTP server is configured. */
  mail: MailService | null;
  webhooks: WebhookCaller;
  audit: AuditSink;
  activity: ActivityRecorder;
  /** The key-encryption keys (LATCHKEY_SECRET_KEY) that seal secret settings at rest. */
  secretKeys: KeyEncryptionKeys;
  /** The keys that sign access tokens; `tokens` always uses the current ones. */
  signingKeys: SigningKeyRing;
  /** Work a request starts and its answer does not wait for. */
  background: BackgroundWork;
  /** For work that finishes after its request has been answered (a failure there has no caller to tell). */
  log: { warn(details: object, message: string): void };
}
