import type { ApiKey, KeyOwner } from '../../model/api-keys.js';
import type { AppStats } from '../../model/app-stats.js';
import type { AuditEvent, AuditQuery } from '../../model/audit-events.js';
import type { OutboxMail } from '../../model/mail.js';
import type { Session } from '../../model/sessions.js';
import type { Identity, User } from '../../model/users.js';
import type { InsertKeyResult, KeyAndOwner, PasswordAttempt, RevocationRequest, RevokedKey, Store } from '../store.js';
import * as throttle from './throttle-queries.js';
import * as audit from './audit-queries.js';
import { TurnBatcher } from './turn-batcher.js';
import type { NewSession } from './session-queries.js';
import * as stats from './stats-queries.js';
import * as userAdmin from './user-admin-queries.js';
import type { SqlDriver } from './driver.js';
import { DURABLE, GROUPED, ONE_STATEMENT, RELAXED, SqlStoreCore, WRITE } from './sql-store-core.js';
import * as keys from './key-queries.js';
import * as mail from './mail-queries.js';
import * as sessions from './session-queries.js';
import * as imports from './import-queries.js';
import type { ImportOutcome, IncomingCustomData, IncomingUser } from '../../model/imports.js';
import type { Op } from './driver.js';
import { SqlDeploymentStore } from './sql-deployment-store.js';

/**
 * The one store: every statement and every announcement is in the *-queries.ts modules,
 * written once for both databases; a driver (sqlite/, postgres/) runs them. Each method here
 * only picks the operation, how it must run, and maps constraint violations to results.
 */
export class SqlStore extends SqlStoreCore implements Store {
  /**
   * Where the driver does not group commits itself (PostgreSQL), the logins of one event-loop
   * turn share one insert statement, and so do the key creations (TurnBatcher): one round trip
   * and one commit instead of one each.
   */
  private readonly insertNewSession: (item: NewSession) => Promise<boolean>;
  private readonly insertNewUserKey: (item: keys.NewUserKey) => Promise<InsertKeyResult>;
  readonly deployment: SqlDeploymentStore;

  constructor(driver: SqlDriver) {
    super(driver);
    this.deployment = new SqlDeploymentStore(driver);
    if (driver.groupsCommits) {
      this.insertNewSession = (item) => this.insertOneSession(item);
      this.insertNewUserKey = ({ key, limit }) =>
        this.unlessDuplicate(() => this.driver.execute(() => keys.insertUserKeyIfUnderLimit(this.driver.dialect, key, limit), GROUPED));
    } else {
      const sessionBatcher = new TurnBatcher<NewSession, boolean>(
        sessions.SESSION_BATCH,
        async (batch) => {
          const inserted = await this.driver.execute(() => sessions.insertSessions(this.driver.dialect, batch), RELAXED);
          return batch.map(({ session }) => inserted.has(session.id));
        },
        (item) => this.insertOneSession(item),
      );
      this.insertNewSession = (item) => sessionBatcher.write(item);
      const insertKeys = (batch: keys.NewUserKey[]) => this.driver.execute(() => keys.insertUserKeysInOneStatement(batch), ONE_STATEMENT);
      const keyBatcher = new TurnBatcher<keys.NewUserKey, InsertKeyResult>(
        keys.KEY_BATCH,
        insertKeys,
        async (item) => (await insertKeys([item]))[0]!,
      );
      this.insertNewUserKey = (item) => keyBatcher.write(item);
    }
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

  deleteExpiredSessions(now: number, limit: number): Promise<number> {
    return this.driver.execute(() => sessions.deleteExpiredSessions(now, limit), ONE_STATEMENT);
  }

  insertUserKeyIfUnderLimit(key: ApiKey, limit: number): Promise<InsertKeyResult> {
    return this.insertNewUserKey({ key, limit });
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

  /**
   * One batch in one transaction; a dry run computes the same outcomes, then rolls back. On
   * PostgreSQL a registration may take an email between the batch's checks and its inserts: the
   * batch is then run again (up to three times in all), and its checks see it.
   */
  private async importBatch(operation: () => Op<ImportOutcome[]>, dryRun: boolean): Promise<ImportOutcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (!dryRun) return await this.driver.execute(operation, WRITE);
        await this.driver.execute(function* () {
          throw new RolledBack(yield* operation());
        }, WRITE);
      } catch (error) {
        if (error instanceof RolledBack) return error.outcomes;
        if (attempt < 3 && this.driver.isUniqueViolation(error)) continue;
        throw error;
      }
    }
  }

  /** Measured by npm run bench:import: 500 pauses SQLite's event loop ~15 ms a batch; 2000 halves PostgreSQL's time against 500. */
  get importBatchSize(): number {
    return this.driver.groupsCommits ? 500 : 2000;
  }

  /** Users imported through this store, and how many there were when PostgreSQL's statistics were last refreshed. */
  private importedUsers = 0;
  private analyzedAt = 0;

  async importUsers(appId: string, batch: IncomingUser[], dryRun: boolean): Promise<ImportOutcome[]> {
    const outcomes = await this.importBatch(() => imports.importUsers(this.driver.dialect, appId, batch), dryRun);
    if (this.driver.dialect.name === 'postgres' && !dryRun) await this.analyzeAsTablesGrow(outcomes);
    return outcomes;
  }

  /**
   * A bulk import outruns autovacuum's statistics (on a test server with none, a million users
   * took minutes instead of one): without them, PostgreSQL's planner may read every identity of
   * the app for each batch's lookup. Each time the imported users quadruple, the two tables are
   * analysed (a sample, milliseconds), so the plans follow the tables' real size.
   */
  private async analyzeAsTablesGrow(outcomes: ImportOutcome[]): Promise<void> {
    this.importedUsers += outcomes.filter((outcome) => outcome.kind === 'imported').length;
    if (this.importedUsers < Math.max(1000, 4 * this.analyzedAt)) return;
    this.analyzedAt = this.importedUsers;
    await this.driver.execute(() => imports.analyzeUserTables(), { transaction: false, durability: 'normal' });
  }

  importCustomData(appId: string, batch: IncomingCustomData[], dryRun: boolean): Promise<ImportOutcome[]> {
    return this.importBatch(() => imports.importCustomData(this.driver.dialect, appId, batch), dryRun);
  }

  listIdentitiesWithoutPassword(appId: string, after: string, limit: number, again: boolean): Promise<Identity[]> {
    return this.read(() => imports.listIdentitiesWithoutPassword(appId, after, limit, again));
  }

  queueResetMails(mails: OutboxMail[], now: number): Promise<void> {
    return this.driver.execute(() => imports.queueResetMails(this.driver.dialect, mails, now), WRITE);
  }
}

/** Carries a dry run's outcomes out of the transaction it rolls back. */
class RolledBack extends Error {
  constructor(readonly outcomes: ImportOutcome[]) {
    super('dry run: rolled back');
  }
}
