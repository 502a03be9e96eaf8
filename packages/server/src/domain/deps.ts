import type { KeyEncryptionKeys } from '../crypto/sealed-secrets.js';
import type { BackgroundWork } from './background-work.js';
import type { AccessTokenCodec } from '../crypto/access-tokens.js';
import type { PasswordHasher } from '../crypto/password.js';
import type { Store } from '../store/store.js';
import type { ActivityRecorder } from './activity.js';
import type { AppDirectory } from '../cache/app-directory.js';
import type { AuditSink } from '../model/audit-events.js';
import type { Clock } from '../model/clock.js';
import type { MailService } from '../model/mail.js';
import type { ReadCaches } from '../cache/read-caches.js';
import type { SigningKeyRing } from './signing-key-ring.js';
import type { WebhookCaller } from '../model/webhooks.js';
import type { JwkSets } from '../model/jwk-sets.js';
import type { IdentityProviders } from '../model/identity-providers.js';

/** The collaborators every domain operation receives, as one object of interfaces. */
export interface Deps {
  store: Store;
  clock: Clock;
  /** argon2id at OWASP's parameters in the server; cheap parameters in unit tests. */
  passwords: PasswordHasher;
  tokens: AccessTokenCodec;
  apps: AppDirectory;
  caches: ReadCaches;
  /** Sending confirmation and reset mail; null when no SMTP server is configured. */
  mail: MailService | null;
  webhooks: WebhookCaller;
  /** Identity providers' published keys (custom JWT's jwkUri), fetched and cached. */
  jwkSets: JwkSets;
  /** Google, Apple, Facebook and other OpenID providers over HTTP. */
  identityProviders: IdentityProviders;
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

/**
 * Deps with the store narrowed to the roles a service uses (store/store.ts: KeyStore,
 * SessionStore, UserStore, …): what a service may touch is in its signature.
 */
export type DepsWith<Roles> = Omit<Deps, 'store'> & { store: Roles };
