import { type AppSettings } from '@latchkey/protocol';
import type { App } from '../../model/apps.js';
import type { CustomUserData } from '../../model/custom-data.js';
import type { TokenPurpose, UserpassToken } from '../../model/email-tokens.js';
import type { Identity, User, UserQuery, UserSummary } from '../../model/users.js';
import type { InsertResult, StoreChangeListener, StoreReadiness } from '../store.js';
import { migrationsFor } from './migrations.js';

/** The schema version this build migrates to. */
/** The migrations a current database has applied. */
export const SCHEMA_VERSION = migrationsFor('sqlite').length;
import * as apps from './app-queries.js';
import * as userAdmin from './user-admin-queries.js';
import type { Op, SqlDriver } from './driver.js';
import * as tokens from './token-queries.js';
import * as users from './user-queries.js';

export const READ = { transaction: false, durability: 'normal' } as const;
export const WRITE = { transaction: true, durability: 'normal' } as const;
/** Writes that must survive a crash once acknowledged (they take access away, or hold a secret): flushed to disk first. */
export const DURABLE = { transaction: true, durability: 'durable' } as const;
/** New keys: as durable as any write, answered after a commit that a burst of them may share. */
export const GROUPED = { transaction: true, durability: 'normal', grouped: true } as const;
/** An operation of one statement, atomic on its own (a PostgreSQL function that writes and notifies): no BEGIN and COMMIT around it. */
export const ONE_STATEMENT = { transaction: false, durability: 'normal' } as const;
/** New sessions: a lost one only means logging in again. */
export const RELAXED = { transaction: false, durability: 'relaxed' } as const;

/**
 * The store's shared core (how each operation runs) and its account half: server secrets, apps,
 * users, identities and email tokens. SqlStore (sql-store.ts) adds keys, sessions, throttle, mail
 * and the audit log.
 */
export abstract class SqlStoreCore {
  constructor(protected readonly driver: SqlDriver) {}

  protected read<T>(operation: () => Op<T>): Promise<T> {
    return this.driver.execute(operation, READ);
  }

  /** A unique index refused the write: the answer is `duplicate`, not an error. */
  protected async unlessDuplicate<T>(write: () => Promise<T>): Promise<T | 'duplicate'> {
    try {
      return await write();
    } catch (error) {
      if (this.driver.isUniqueViolation(error)) return 'duplicate';
      throw error;
    }
  }

  protected insertOnce(operation: () => Op<void>): Promise<InsertResult> {
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

  async readiness(): Promise<StoreReadiness> {
    const schemaVersion = await this.read(() => apps.appliedSchemaVersion());
    return { schemaVersion, expectedSchemaVersion: SCHEMA_VERSION, changesLive: this.driver.changesAreLive() };
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

  findExternalIdentity(appId: string, provider: string, externalId: string): Promise<Identity | null> {
    return this.read(() => users.findExternalIdentity(appId, provider, externalId));
  }

  updateProviderData(identityId: string, userId: string, providerData: Record<string, unknown>): Promise<void> {
    return this.driver.execute(() => users.updateProviderData(identityId, userId, providerData), WRITE);
  }

  insertExternalIdentity(identity: Identity): Promise<InsertResult> {
    return this.insertOnce(() => users.insertIdentityOf(identity));
  }

  insertUserWithExternalIdentity(user: User, identity: Identity): Promise<InsertResult> {
    return this.insertOnce(() => users.insertUserWithExternalIdentity(user, identity));
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
}
