import { type AppSettings } from '@latchkey/protocol';
import { LatchkeyError } from '../model/errors.js';
import type { ApiKey, KeyOwner } from '../model/api-keys.js';
import type { App } from '../model/apps.js';
import type { AppStats } from '../model/app-stats.js';
import type { AuditEvent, AuditQuery } from '../model/audit-events.js';
import type { CustomUserData } from '../model/custom-data.js';
import type { Session } from '../model/sessions.js';
import type { OutboxMail } from '../model/mail.js';
import type { TokenPurpose, UserpassToken } from '../model/email-tokens.js';
import type { Identity, User, UserQuery, UserSummary } from '../model/users.js';
import type { DeploymentStore } from './deployment-store.js';
import type { ImportStore } from './import-store.js';
import type { StoreLifecycle } from './store-lifecycle.js';

export type { StoreChangeListener, StoreLifecycle, StoreReadiness } from './store-lifecycle.js';

/**
 * The database cannot be reached (down, restarting, connections cut). Adapters throw this
 * for connection-level failures so the server can answer 503 and retry later, rather than 500.
 */
export class StoreUnavailableError extends LatchkeyError {
  constructor(cause: unknown) {
    super('ServiceUnavailable', 'the database is unreachable; retry shortly');
    this.name = 'StoreUnavailableError';
    this.cause = cause;
    this.warning = `database unreachable: ${(cause as Error)?.message ?? String(cause)}`;
  }
}

export type InsertResult = 'inserted' | 'duplicate';
export type InsertKeyResult = InsertResult | 'limit';

/** One password attempt to count before it is checked, and how the throttle blocks (see PASSWORD_THROTTLE). */
export interface PasswordAttempt {
  appId: string;
  email: string;
  /** The client's address; never '' (that names the account's own count). */
  ip: string;
  now: number;
  /** A count restarts from zero when its last attempt is older than this. */
  forgetAfterMs: number;
  /** An address the password was right from at or after this is not shut out by the account's block. */
  knownSince: number;
  blockUntil: (failures: number, scope: 'address' | 'account') => number;
}

/** A request to revoke leaked secrets by value, held durably until it is carried out. */
export interface RevocationRequest {
  id: string;
  secretHashes: Buffer[];
  ip: string | null;
  userAgent: string | null;
  requestedAt: number;
}

/** What revoking a leaked secret did, for the audit log. */
export interface RevokedKey {
  key: ApiKey;
  /** The leaked secret was the key's previous one (its grace ended) rather than its current one (the key is disabled). */
  previous: boolean;
}

export interface KeyAndOwner {
  key: ApiKey;
  owner: User;
  /** The secret matched the key's previous one (a rotated key in its grace period). */
  previous: boolean;
}

/** Server-wide secrets: the signing keys and the admin token hash. */
export interface SecretStore {
  /** Server-wide secrets (signing keys, admin token hash): stores `value` unless `name` exists; returns what is stored. Durable. */
  insertServerSecretIfAbsent(name: string, value: string): Promise<string>;
  findServerSecret(name: string): Promise<string | null>;
  /** Replaces the serialised signing keys if they are still `expected`; announces `signing-keys`. Durable. */
  replaceSigningKeys(expected: string, value: string): Promise<boolean>;
}

/** Apps, their settings and webhook secrets. */
export interface AppStore {
  insertApp(app: App): Promise<InsertResult>;
  findAppByClientId(clientAppId: string): Promise<App | null>;
  findAppById(id: string): Promise<App | null>;
  listApps(): Promise<App[]>;
  updateAppSettings(appId: string, settings: AppSettings): Promise<void>;
  /** Replaces the app's webhook signing secret. */
  setWebhookSecret(appId: string, secret: string): Promise<void>;
  /** Replaces the stored webhook secret only if it is still `from` (re-sealing it at start); false when it changed meanwhile. */
  replaceWebhookSecret(appId: string, from: string, to: string): Promise<boolean>;
  /** Removes the app with everything in it (users, keys, sessions, tokens, mail, events). Durable. */
  deleteApp(appId: string): Promise<boolean>;
}

/** Users, their identities and custom data, registrations and passwords. */
export interface UserStore {
  /** Registration: an email identity with no user yet. */
  insertPasswordIdentity(identity: Identity): Promise<InsertResult>;
  findPasswordIdentity(appId: string, email: string): Promise<Identity | null>;
  findIdentity(appId: string, identityId: string): Promise<Identity | null>;
  /** Email identities awaiting confirmation, newest first. */
  listPendingIdentities(appId: string, limit: number): Promise<Identity[]>;
  /** Marks a pending identity confirmed; false when it was not pending (or not there). */
  confirmIdentity(identityId: string): Promise<boolean>;
  /** Removes an identity that has no user yet (a registration a confirmation webhook refused). */
  deleteOwnerlessIdentity(identityId: string): Promise<boolean>;
  /** A pending registration takes the newest registrant's password and time; earlier confirmation tokens die. False once confirmed. */
  replacePendingRegistration(identityId: string, passwordHash: string, now: number): Promise<boolean>;
  /** Pending registrations made before `registeredBefore`, at most `limit` at a time. */
  deleteExpiredPendingRegistrations(appId: string, registeredBefore: number, limit: number): Promise<number>;
  /**
   * Sets a new password hash and, in the same transaction, revokes every session of the
   * identity's user (if it has one yet). Durable.
   */
  setPasswordAndRevokeSessions(identityId: string, passwordHash: string): Promise<boolean>;
  /** The same password, hashed anew (stronger parameters): only if the stored hash is still `expected`. */
  replacePasswordHash(identityId: string, expected: string, passwordHash: string): Promise<boolean>;
  /** Atomically gives an ownerless identity to `newUser` (created here); returns whoever owns it now. */
  claimIdentity(identityId: string, newUser: User): Promise<string>;
  /** Atomically moves an ownerless identity to an existing user; false when someone else owns it. */
  linkIdentity(identityId: string, userId: string): Promise<boolean>;
  insertUserWithIdentity(user: User, identity: Identity): Promise<void>;
  /** An identity by its provider and its id there. */
  findExternalIdentity(appId: string, provider: string, externalId: string): Promise<Identity | null>;
  updateProviderData(identityId: string, userId: string, providerData: Record<string, unknown>): Promise<void>;
  /** `duplicate` when the provider's id (or anything unique) is taken. */
  insertExternalIdentity(identity: Identity): Promise<InsertResult>;
  insertUserWithExternalIdentity(user: User, identity: Identity): Promise<InsertResult>;
  findUser(appId: string, userId: string): Promise<User | null>;
  /** Replaces the user's custom data; false when the user is not in that app. */
  updateCustomUserData(appId: string, userId: string, customData: CustomUserData): Promise<boolean>;
  listIdentities(userId: string): Promise<Identity[]>;
  /** Removes the user with its identities, keys and sessions. Durable. */
  deleteUser(appId: string, userId: string): Promise<boolean>;
  /**
   * Deletes up to `limit` of the app's users whose every identity is anonymous, created before
   * `createdBefore`, with no session alive at `now` (nobody can reach them again); returns how many.
   */
  deleteAbandonedAnonymousUsers(appId: string, createdBefore: number, now: number, limit: number): Promise<number>;
  /** Users of the app, newest first, with identities and key counts. */
  listUsers(appId: string, query: UserQuery): Promise<UserSummary[]>;
  findUserSummary(appId: string, userId: string): Promise<UserSummary | null>;
  /** Disabling also ends every session of the user. Durable. False when the user is not in that app. */
  setUserDisabled(appId: string, userId: string, disabled: boolean): Promise<boolean>;
  /** Records last-login times in one batch; a time never goes backwards. */
  recordLogins(logins: { userId: string; at: number }[]): Promise<void>;
}

/** The password throttle: attempts counted before they are checked. */
export interface ThrottleStore {
  /**
   * Counts a password attempt as a failure before it is checked (see PASSWORD_THROTTLE), or
   * refuses it: returns the block that refused it, or null. Atomic across nodes.
   */
  reservePasswordAttempt(attempt: PasswordAttempt): Promise<{ blockedUntil: number } | null>;
  /**
   * The password was right: forgets this address's count, takes this attempt off the account's
   * (unblocking it if that leaves fewer than `accountFree`), and remembers the address as the owner's.
   */
  passwordAccepted(appId: string, email: string, ip: string, now: number, accountFree: number): Promise<void>;
  /** Forgets every count of the account and every address known for it (a password reset). */
  forgetPasswordHistory(appId: string, email: string): Promise<void>;
  /** Counts untouched since `before`, and known addresses not used since `knownBefore`. */
  deleteStalePasswordFailures(before: number, knownBefore: number): Promise<number>;
}

/** The confirmation and reset tokens, and when an address was last mailed. */
export interface EmailTokenStore {
  /**
   * Records that the identity was just mailed a `kind` mail, unless it was within
   * `minIntervalMs`: false then, and nothing is sent. Holds across nodes, whatever client
   * address the requests come from.
   */
  markMailed(identityId: string, kind: TokenPurpose, now: number, minIntervalMs: number): Promise<boolean>;
  insertUserpassToken(token: UserpassToken): Promise<void>;
  findUserpassToken(tokenId: string): Promise<UserpassToken | null>;
  /** Removes a token; true for exactly one caller, however many race to use it. */
  consumeUserpassToken(tokenId: string): Promise<boolean>;
  deleteUserpassTokens(identityId: string, purpose: TokenPurpose): Promise<void>;
  deleteExpiredUserpassTokens(now: number): Promise<number>;
}

/** The mail outbox. */
export interface MailStore {
  /** Queues a mail (durably: the request that owes it is answered once this resolves). */
  enqueueMail(mail: OutboxMail): Promise<void>;
  /**
   * Takes up to `limit` mails due at `now`, leasing them until `leaseUntil` so that no other
   * worker (on any node) sends them meanwhile; a lease that runs out makes them due again.
   */
  claimDueMail(now: number, leaseUntil: number, limit: number): Promise<OutboxMail[]>;
  deleteMail(mailId: string): Promise<void>;
  /** After a failed attempt: try again at `nextAttemptAt`, or give up (`failedAt`). */
  rescheduleMail(mailId: string, attempts: number, nextAttemptAt: number, lastError: string, failedAt: number | null): Promise<void>;
  /** Mails waiting to be sent (not given up on). */
  countQueuedMail(): Promise<number>;
  /** The queue as an operator sees it, given-up mail included, oldest first. */
  listMail(limit: number): Promise<OutboxMail[]>;
  /** Makes every queued mail due now, given-up mail included (after fixing the SMTP server); returns how many. */
  retryAllMail(now: number): Promise<number>;
}

/** The audit log and what is counted from it. */
export interface AuditStore {
  /** Writes a batch of audit events (relaxed: a crash may lose the last second of them). */
  insertAuditEvents(events: AuditEvent[]): Promise<void>;
  listAuditEvents(appId: string, query: AuditQuery): Promise<AuditEvent[]>;
  /** Deletes up to `limit` of the app's events older than `before`; returns how many. */
  deleteAuditEventsBefore(appId: string, before: number, limit: number): Promise<number>;
  /** Counts of users and keys now, and login events since `since` by hour, provider and outcome. */
  appStats(appId: string, since: number, now: number): Promise<AppStats>;
}

/** Sessions. */
export interface SessionStore {
  /** Ends every session of the user. Durable. Returns how many. */
  deleteSessionsOfUser(appId: string, userId: string): Promise<number>;
  /**
   * Inserts the session unless, at commit time, its user is gone or its key is disabled or
   * gone (false): a login racing a revocation must never leave a live session behind.
   */
  insertSession(session: Session, keySecretHash: Buffer | null): Promise<boolean>;
  findSessionById(sessionId: string): Promise<Session | null>;
  /** Durable. */
  deleteSession(sessionId: string): Promise<boolean>;
  /** Up to `limit` sessions expired by `now`, the longest expired first; answers how many went. */
  deleteExpiredSessions(now: number, limit: number): Promise<number>;
  countLiveSessions(now: number): Promise<number>;
}

/** API keys, their uses and revocation requests. */
export interface KeyStore {
  /** Inserts a user key unless the owner already has `limit` keys or one with that name. */
  insertUserKeyIfUnderLimit(key: ApiKey, limit: number): Promise<InsertKeyResult>;
  /** Inserts a server key with its own server user and identity, within the app's limit. */
  insertServerKeyIfUnderLimit(key: ApiKey, user: User, identity: Identity, limit: number): Promise<InsertKeyResult>;
  /** The key a secret logs in with, and the user it logs in as (one read: a login's hot path). */
  findKeyAndOwnerByHash(secretHash: Buffer): Promise<KeyAndOwner | null>;
  /** Every method below is scoped by owner in its query: a key of another owner is simply not found. */
  findKey(owner: KeyOwner, keyId: string): Promise<ApiKey | null>;
  listKeys(owner: KeyOwner): Promise<ApiKey[]>;
  /** Sets the flag; disabling also revokes the sessions opened with the key. Durable. False when not found. */
  setKeyDisabled(owner: KeyOwner, keyId: string, disabled: boolean): Promise<boolean>;
  /** Removes the key and its sessions (and for a server key, its server user). Durable. False when not found. */
  deleteKey(owner: KeyOwner, keyId: string): Promise<boolean>;
  /** A new secret; the old one logs in until `previousValidUntil` (null: never again, its sessions end now). Durable. */
  rotateKey(owner: KeyOwner, keyId: string, secretHash: Buffer, previousValidUntil: number | null): Promise<ApiKey | null>;
  /** Disables the keys these secrets belong to (or ends a previous secret's grace), with their sessions. Durable. */
  revokeSecrets(secretHashes: Buffer[]): Promise<RevokedKey[]>;
  /** Keeps a revocation request durably (committed before the request is answered). */
  insertRevocationRequest(request: RevocationRequest): Promise<void>;
  /** Carries a kept request out and forgets it, in one durable transaction; null when it was carried out already. */
  carryOutRevocationRequest(id: string): Promise<{ request: RevocationRequest; revoked: RevokedKey[] } | null>;
  /** Ids of requests made before `before` and still not carried out (a crash came between answer and work). */
  listRevocationRequests(before: number): Promise<string[]>;
  /** Records last-use times in one batch; a time never goes backwards. */
  recordKeyUses(uses: { keyId: string; userId: string | null; at: number }[]): Promise<void>;
}

export type { ImportStore } from './import-store.js';

/**
 * The storage interface. Every method is async (PostgreSQL cannot answer synchronously) and
 * named for the question the domain asks. Invariants — unique names, key limits, cascades —
 * are enforced inside the database, never by a check-then-insert in the domain. Methods that
 * take access away are durable once they resolve. What each write announces to the caches is
 * listed in cache/cache-invalidation.ts.
 */
export interface Store
  extends
    StoreLifecycle,
    SecretStore,
    AppStore,
    UserStore,
    ThrottleStore,
    EmailTokenStore,
    MailStore,
    AuditStore,
    SessionStore,
    KeyStore,
    ImportStore {
  /** Moving a whole deployment out and in (deployment-store.ts). */
  readonly deployment: DeploymentStore;
}
