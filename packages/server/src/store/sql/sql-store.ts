import { type AppSettings } from '@latchkey/protocol';
import type { ApiKey, KeyOwner } from '../../domain/api-keys.js';
import type { App } from '../../domain/apps.js';
import type { AppStats } from '../../domain/stats.js';
import type { AuditEvent, AuditQuery } from '../../domain/audit.js';
import type { CustomUserData } from '../../domain/custom-data.js';
import type { OutboxMail } from '../../domain/mail.js';
import type { TokenPurpose, UserpassToken } from '../../domain/userpass-tokens.js';
import type { Session } from '../../domain/sessions.js';
import type { Identity, User, UserQuery, UserSummary } from '../../domain/users.js';
import type {
  InsertKeyResult,
  InsertResult,
  KeyAndOwner,
  PasswordAttempt,
  RevocationRequest,
  RevokedKey,
  Store,
  StoreChangeListener,
} from '../store.js';
import * as throttle from './throttle-queries.js';
import * as apps from './app-queries.js';
import * as audit from './audit-queries.js';
import { SessionBatcher } from './session-batcher.js';
import type { NewSession } from './session-queries.js';
import * as stats from './stats-queries.js';
import * as userAdmin from './user-admin-queries.js';
import type { Op, SqlDriver } from './driver.js';
import * as keys from './key-queries.js';
import * as mail from './mail-queries.js';
import * as tokens from './token-queries.js';
import * as sessions from './session-queries.js';
import * as users from './user-queries.js';

const READ = { transaction: false, durability: 'normal' } as const;
const WRITE = { transaction: true, durability: 'normal' } as const;
/** Writes that must survive a crash once acknowledged (they take access away, or hold a secret): flushed to disk first. */
const DURABLE = { transaction: true, durability: 'durable' } as const;
/** New keys: as durable as any write, answered after a commit that a burst of them may share. */
const GROUPED = { transaction: true, durability: 'normal', grouped: true } as const;
/** New sessions: a lost one only means logging in again. */
const RELAXED = { transaction: false, durability: 'relaxed' } as const;

/**
 * The one store: every statement and every announcement is in the *-queries.ts modules,
 * written once for both databases; a driver (sqlite/, postgres/) runs them. Each method here
 * only picks the operation, how it must run, and maps constraint violations to results.
 */
export class SqlStore implements Store {
  /**
   * Where the driver does not group commits itself (PostgreSQL), the logins of one event-loop
   * turn share one insert statement (SessionBatcher): one round trip instead of one each.
   */
  private readonly insertNewSession: (item: NewSession) => Promise<boolean>;

  constructor(private readonly driver: SqlDriver) {
    if (driver.groupsCommits) {
      this.insertNewSession = (item) => this.insertOneSession(item);
    } else {
      const batcher = new SessionBatcher(
        (batch) => this.driver.execute(() => sessions.insertSessions(this.driver.dialect, batch), RELAXED),
        (item) => this.insertOneSession(item),
      );
      this.insertNewSession = (item) => batcher.insert(item);
    }
  }

  private read<T>(operation: () => Op<T>): Promise<T> {
    return this.driver.execute(operation, READ);
  }

  /** A unique index refused the write: the answer is `duplicate`, not an error. */
  private async unlessDuplicate<T>(write: () => Promise<T>): Promise<T | 'duplicate'> {
    try {
      return await write();
    } catch (error) {
      if (this.driver.isUniqueViolation(error)) return 'duplicate';
      throw error;
    }
  }

  private insertOnce(operation: () => Op<void>): Promise<InsertResult> {
    return this.unlessDuplicate(async () => {
      await this.driver.execute(operation, WRITE);
      return 'inserted' as const;
    });
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  subscribe(listener: StoreChangeListener): () => void {
    return this.driver.subscribe(listener);
  }

  changesAreLive(): boolean {
    return this.driver.changesAreLive();
  }

  findServerSecret(name: string): Promise<string | null> {
    return this.read(() => apps.findServerSecret(name));
  }

  replaceSigningKeys(expected: string, value: string): Promise<boolean> {
    return this.driver.execute(() => apps.replaceSigningKeys(expected, value), DURABLE);
  }

  insertServerSecretIfAbsent(name: string, value: string): Promise<string> {
    return this.driver.execute(() => apps.insertServerSecretIfAbsent(name, value), DURABLE);
  }

  insertApp(app: App): Promise<InsertResult> {
    return this.insertOnce(() => apps.insertApp(app));
  }

  findAppByClientId(clientAppId: string): Promise<App | null> {
    return this.read(() => apps.findAppByClientId(clientAppId));
  }

  findAppById(id: string): Promise<App | null> {
    return this.read(() => apps.findAppById(id));
  }

  listApps(): Promise<App[]> {
    return this.read(() => apps.listApps());
  }

  updateAppSettings(appId: string, settings: AppSettings): Promise<void> {
    return this.driver.execute(() => apps.updateAppSettings(appId, settings), DURABLE);
  }

  insertPasswordIdentity(identity: Identity): Promise<InsertResult> {
    return this.insertOnce(() => users.insertIdentity(identity));
  }

  findPasswordIdentity(appId: string, email: string): Promise<Identity | null> {
    return this.read(() => users.findPasswordIdentity(appId, email));
  }

  claimIdentity(identityId: string, newUser: User): Promise<string> {
    return this.driver.execute(() => users.claimIdentity(this.driver.dialect, identityId, newUser), WRITE);
  }

  linkIdentity(identityId: string, userId: string): Promise<boolean> {
    return this.driver.execute(() => users.linkIdentity(identityId, userId), WRITE);
  }

  insertUserWithIdentity(user: User, identity: Identity): Promise<void> {
    return this.driver.execute(() => users.insertUserWithIdentity(user, identity), WRITE);
  }

  findUser(appId: string, userId: string): Promise<User | null> {
    return this.read(() => users.findUser(appId, userId));
  }

  updateCustomUserData(appId: string, userId: string, customData: CustomUserData): Promise<boolean> {
    return this.driver.execute(() => users.updateCustomUserData(appId, userId, customData), WRITE);
  }

  listIdentities(userId: string): Promise<Identity[]> {
    return this.read(() => users.listIdentities(userId));
  }

  deleteUser(appId: string, userId: string): Promise<boolean> {
    return this.driver.execute(() => users.deleteUser(appId, userId), DURABLE);
  }

  deleteAbandonedAnonymousUsers(appId: string, createdBefore: number, now: number, limit: number): Promise<number> {
    return this.driver.execute(() => users.deleteAbandonedAnonymousUsers(appId, createdBefore, now, limit), WRITE);
  }

  /**
   * New sessions are the one relaxed write (drivers skip or share the flush, see Durability).
   * Their row locks let the batched last-use writes pass (Dialect.lockForLogin): with the
   * stronger lock, batches queued behind those writes under mixed traffic (docs/performance.md).
   */
  insertSession(session: Session, keySecretHash: Buffer | null): Promise<boolean> {
    return this.insertNewSession({ session, keySecretHash });
  }

  private async insertOneSession({ session, keySecretHash }: NewSession): Promise<boolean> {
    try {
      return await this.driver.execute(() => sessions.insertSession(this.driver.dialect, session, keySecretHash), RELAXED);
    } catch (error) {
      // The user was deleted between the login's checks and this insert.
      if (this.driver.isForeignKeyViolation(error)) return false;
      throw error;
    }
  }

  findSessionById(sessionId: string): Promise<Session | null> {
    return this.read(() => sessions.findSessionById(sessionId));
  }

  deleteSession(sessionId: string): Promise<boolean> {
    return this.driver.execute(() => sessions.deleteSession(sessionId), DURABLE);
  }

  deleteExpiredSessions(now: number): Promise<number> {
    return this.driver.execute(() => sessions.deleteExpiredSessions(now), { transaction: false, durability: 'normal' });
  }

  insertUserKeyIfUnderLimit(key: ApiKey, limit: number): Promise<InsertKeyResult> {
    return this.unlessDuplicate(() => this.driver.execute(() => keys.insertUserKeyIfUnderLimit(this.driver.dialect, key, limit), GROUPED));
  }

  insertServerKeyIfUnderLimit(key: ApiKey, user: User, identity: Identity, limit: number): Promise<InsertKeyResult> {
    return this.unlessDuplicate(() =>
      this.driver.execute(() => keys.insertServerKeyIfUnderLimit(this.driver.dialect, key, user, identity, limit), WRITE),
    );
  }

  findKeyAndOwnerByHash(secretHash: Buffer): Promise<KeyAndOwner | null> {
    return this.read(() => keys.findKeyAndOwnerByHash(secretHash));
  }

  findKey(owner: KeyOwner, keyId: string): Promise<ApiKey | null> {
    return this.read(() => keys.findKey(owner, keyId));
  }

  listKeys(owner: KeyOwner): Promise<ApiKey[]> {
    return this.read(() => keys.listKeys(owner));
  }

  setKeyDisabled(owner: KeyOwner, keyId: string, disabled: boolean): Promise<boolean> {
    return this.driver.execute(() => keys.setKeyDisabled(this.driver.dialect, owner, keyId, disabled), disabled ? DURABLE : WRITE);
  }

  deleteKey(owner: KeyOwner, keyId: string): Promise<boolean> {
    return this.driver.execute(() => keys.deleteKey(owner, keyId), DURABLE);
  }

  rotateKey(owner: KeyOwner, keyId: string, secretHash: Buffer, previousValidUntil: number | null): Promise<ApiKey | null> {
    return this.driver.execute(() => keys.rotateKey(this.driver.dialect, owner, keyId, secretHash, previousValidUntil), DURABLE);
  }

  revokeSecrets(secretHashes: Buffer[]): Promise<RevokedKey[]> {
    return this.driver.execute(() => keys.revokeSecrets(this.driver.dialect, secretHashes), DURABLE);
  }

  insertRevocationRequest(request: RevocationRequest): Promise<void> {
    return this.driver.execute(() => keys.insertRevocationRequest(request), DURABLE);
  }

  carryOutRevocationRequest(id: string): Promise<{ request: RevocationRequest; revoked: RevokedKey[] } | null> {
    return this.driver.execute(() => keys.carryOutRevocationRequest(this.driver.dialect, id), DURABLE);
  }

  listRevocationRequests(before: number): Promise<string[]> {
    return this.read(() => keys.listRevocationRequests(before));
  }

  recordKeyUses(uses: { keyId: string; userId: string | null; at: number }[]): Promise<void> {
    return this.driver.execute(() => keys.recordKeyUses(uses), WRITE);
  }

  setWebhookSecret(appId: string, secret: string): Promise<void> {
    return this.driver.execute(() => apps.setWebhookSecret(appId, secret), DURABLE);
  }

  replaceWebhookSecret(appId: string, from: string, to: string): Promise<boolean> {
    return this.driver.execute(() => apps.replaceWebhookSecret(appId, from, to), DURABLE);
  }

  findIdentity(appId: string, identityId: string): Promise<Identity | null> {
    return this.read(() => users.findIdentity(appId, identityId));
  }

  listPendingIdentities(appId: string, limit: number): Promise<Identity[]> {
    return this.read(() => users.listPendingIdentities(appId, limit));
  }

  confirmIdentity(identityId: string): Promise<boolean> {
    return this.driver.execute(() => users.confirmIdentity(identityId), WRITE);
  }

  deleteOwnerlessIdentity(identityId: string): Promise<boolean> {
    return this.driver.execute(() => users.deleteOwnerlessIdentity(identityId), WRITE);
  }

  replacePendingRegistration(identityId: string, passwordHash: string, now: number): Promise<boolean> {
    return this.driver.execute(() => users.replacePendingRegistration(identityId, passwordHash, now), WRITE);
  }

  deleteExpiredPendingRegistrations(appId: string, registeredBefore: number, limit: number): Promise<number> {
    return this.driver.execute(() => users.deleteExpiredPendingRegistrations(appId, registeredBefore, limit), WRITE);
  }

  reservePasswordAttempt(attempt: PasswordAttempt): Promise<{ blockedUntil: number } | null> {
    return this.driver.execute(() => throttle.reservePasswordAttempt(attempt), WRITE);
  }

  passwordAccepted(appId: string, email: string, ip: string, now: number, accountFree: number): Promise<void> {
    return this.driver.execute(() => throttle.passwordAccepted(appId, email, ip, now, accountFree), WRITE);
  }

  forgetPasswordHistory(appId: string, email: string): Promise<void> {
    return this.driver.execute(() => throttle.forgetPasswordHistory(this.driver.dialect, appId, email), WRITE);
  }

  deleteStalePasswordFailures(before: number, knownBefore: number): Promise<number> {
    return this.driver.execute(() => throttle.deleteStalePasswordFailures(this.driver.dialect, before, knownBefore), {
      transaction: false,
      durability: 'normal',
    });
  }

  replacePasswordHash(identityId: string, expected: string, passwordHash: string): Promise<boolean> {
    return this.driver.execute(() => users.replacePasswordHash(identityId, expected, passwordHash), WRITE);
  }

  setPasswordAndRevokeSessions(identityId: string, passwordHash: string): Promise<boolean> {
    return this.driver.execute(() => users.setPasswordAndRevokeSessions(identityId, passwordHash), DURABLE);
  }

  markMailed(identityId: string, kind: TokenPurpose, now: number, minIntervalMs: number): Promise<boolean> {
    return this.driver.execute(() => users.markMailed(identityId, kind, now, minIntervalMs), WRITE);
  }

  insertUserpassToken(token: UserpassToken): Promise<void> {
    return this.driver.execute(() => tokens.insertUserpassToken(token), WRITE);
  }

  findUserpassToken(tokenId: string): Promise<UserpassToken | null> {
    return this.read(() => tokens.findUserpassToken(tokenId));
  }

  consumeUserpassToken(tokenId: string): Promise<boolean> {
    return this.driver.execute(() => tokens.consumeUserpassToken(tokenId), WRITE);
  }

  deleteUserpassTokens(identityId: string, purpose: TokenPurpose): Promise<void> {
    return this.driver.execute(() => tokens.deleteUserpassTokens(identityId, purpose), WRITE);
  }

  deleteExpiredUserpassTokens(now: number): Promise<number> {
    return this.driver.execute(() => tokens.deleteExpiredUserpassTokens(now), WRITE);
  }

  /** Durable: the request that owes this mail is answered once it is queued. */
  enqueueMail(outboxMail: OutboxMail): Promise<void> {
    return this.driver.execute(() => mail.enqueueMail(outboxMail), DURABLE);
  }

  claimDueMail(now: number, leaseUntil: number, limit: number): Promise<OutboxMail[]> {
    return this.driver.execute(() => mail.claimDueMail(this.driver.dialect, now, leaseUntil, limit), WRITE);
  }

  deleteMail(mailId: string): Promise<void> {
    return this.driver.execute(() => mail.deleteMail(mailId), WRITE);
  }

  rescheduleMail(mailId: string, attempts: number, nextAttemptAt: number, lastError: string, failedAt: number | null): Promise<void> {
    return this.driver.execute(() => mail.rescheduleMail(mailId, attempts, nextAttemptAt, lastError, failedAt), WRITE);
  }

  countQueuedMail(): Promise<number> {
    return this.read(() => mail.countQueuedMail());
  }

  listMail(limit: number): Promise<OutboxMail[]> {
    return this.read(() => mail.listMail(limit));
  }

  retryAllMail(now: number): Promise<number> {
    return this.driver.execute(() => mail.retryAllMail(now), WRITE);
  }

  deleteApp(appId: string): Promise<boolean> {
    return this.driver.execute(() => apps.deleteApp(appId), DURABLE);
  }

  listUsers(appId: string, query: UserQuery): Promise<UserSummary[]> {
    return this.read(() => userAdmin.listUsers(appId, query));
  }

  findUserSummary(appId: string, userId: string): Promise<UserSummary | null> {
    return this.read(() => userAdmin.findUserSummary(appId, userId));
  }

  setUserDisabled(appId: string, userId: string, disabled: boolean): Promise<boolean> {
    return this.driver.execute(() => userAdmin.setUserDisabled(this.driver.dialect, appId, userId, disabled), disabled ? DURABLE : WRITE);
  }

  deleteSessionsOfUser(appId: string, userId: string): Promise<number> {
    return this.driver.execute(() => userAdmin.deleteSessionsOfUser(appId, userId), DURABLE);
  }

  recordLogins(logins: { userId: string; at: number }[]): Promise<void> {
    return this.driver.execute(() => userAdmin.recordLogins(logins), WRITE);
  }

  countLiveSessions(now: number): Promise<number> {
    return this.read(() => sessions.countLiveSessions(now));
  }

  insertAuditEvents(events: AuditEvent[]): Promise<void> {
    return this.driver.execute(() => audit.insertAuditEvents(events), { transaction: true, durability: 'relaxed' });
  }

  listAuditEvents(appId: string, query: AuditQuery): Promise<AuditEvent[]> {
    return this.read(() => audit.listAuditEvents(appId, query));
  }

  appStats(appId: string, since: number, now: number): Promise<AppStats> {
    return this.read(() => stats.appStats(appId, since, now));
  }

  deleteAuditEventsBefore(appId: string, before: number, limit: number): Promise<number> {
    return this.driver.execute(() => audit.deleteAuditEventsBefore(appId, before, limit), WRITE);
  }

  async scrubFreedSpace(): Promise<void> {
    await this.driver.scrubFreedSpace?.();
  }

  async backupTo(path: string): Promise<boolean> {
    if (!this.driver.backupTo) return false;
    await this.driver.backupTo(path);
    return true;
  }
}
