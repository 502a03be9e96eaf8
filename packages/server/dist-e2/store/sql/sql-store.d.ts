import type { ApiKey, KeyOwner } from '../../domain/api-keys.js';
import type { App, AppSettings } from '../../domain/apps.js';
import type { AppStats } from '../../domain/stats.js';
import type { AuditEvent, AuditQuery } from '../../domain/audit.js';
import type { CustomUserData } from '../../domain/custom-data.js';
import type { OutboxMail } from '../../domain/mail.js';
import type { TokenPurpose, UserpassToken } from '../../domain/userpass-tokens.js';
import type { Session } from '../../domain/sessions.js';
import type { Identity, User, UserQuery, UserSummary } from '../../domain/users.js';
import type { InsertKeyResult, InsertResult, KeyAndOwner, PasswordFailure, RevokedKey, Store, StoreChangeListener } from '../store.js';
import type { SqlDriver } from './driver.js';
/**
 * The one store: every statement and every announcement is in the *-queries.ts modules,
 * written once for both databases; a driver (sqlite/, postgres/) runs them. Each method here
 * only picks the operation, how it must run, and maps constraint violations to results.
 */
export declare class SqlStore implements Store {
    private readonly driver;
    /**
     * Where the driver does not group commits itself (PostgreSQL), the logins of one event-loop
     * turn share one insert statement (SessionBatcher): one round trip instead of one each.
     */
    private readonly insertNewSession;
    constructor(driver: SqlDriver);
    private read;
    /** A unique index refused the write: the answer is `duplicate`, not an error. */
    private unlessDuplicate;
    private insertOnce;
    close(): Promise<void>;
    subscribe(listener: StoreChangeListener): () => void;
    changesAreLive(): boolean;
    findServerSecret(name: string): Promise<string | null>;
    replaceSigningKeys(expected: string, value: string): Promise<boolean>;
    insertServerSecretIfAbsent(name: string, value: string): Promise<string>;
    insertApp(app: App): Promise<InsertResult>;
    findAppByClientId(clientAppId: string): Promise<App | null>;
    findAppById(id: string): Promise<App | null>;
    listApps(): Promise<App[]>;
    updateAppSettings(appId: string, settings: AppSettings): Promise<void>;
    insertPasswordIdentity(identity: Identity): Promise<InsertResult>;
    findPasswordIdentity(appId: string, email: string): Promise<Identity | null>;
    claimIdentity(identityId: string, newUser: User): Promise<string>;
    linkIdentity(identityId: string, userId: string): Promise<boolean>;
    insertUserWithIdentity(user: User, identity: Identity): Promise<void>;
    findUser(appId: string, userId: string): Promise<User | null>;
    updateCustomUserData(appId: string, userId: string, customData: CustomUserData): Promise<boolean>;
    listIdentities(userId: string): Promise<Identity[]>;
    deleteUser(appId: string, userId: string): Promise<boolean>;
    deleteAbandonedAnonymousUsers(appId: string, createdBefore: number, now: number, limit: number): Promise<number>;
    /**
     * New sessions are the one relaxed write (drivers skip or share the flush, see Durability).
     * Their row locks let the batched last-use writes pass (Dialect.lockForLogin): with the
     * stronger lock, batches queued behind those writes under mixed traffic (docs/performance.md).
     */
    insertSession(session: Session, keySecretHash: Buffer | null): Promise<boolean>;
    private insertOneSession;
    findSessionById(sessionId: string): Promise<Session | null>;
    deleteSession(sessionId: string): Promise<boolean>;
    deleteExpiredSessions(now: number): Promise<number>;
    insertUserKeyIfUnderLimit(key: ApiKey, limit: number): Promise<InsertKeyResult>;
    insertServerKeyIfUnderLimit(key: ApiKey, user: User, identity: Identity, limit: number): Promise<InsertKeyResult>;
    findKeyAndOwnerByHash(secretHash: Buffer): Promise<KeyAndOwner | null>;
    findKey(owner: KeyOwner, keyId: string): Promise<ApiKey | null>;
    listKeys(owner: KeyOwner): Promise<ApiKey[]>;
    setKeyDisabled(owner: KeyOwner, keyId: string, disabled: boolean): Promise<boolean>;
    deleteKey(owner: KeyOwner, keyId: string): Promise<boolean>;
    rotateKey(owner: KeyOwner, keyId: string, secretHash: Buffer, previousValidUntil: number | null): Promise<ApiKey | null>;
    revokeSecrets(secretHashes: Buffer[]): Promise<RevokedKey[]>;
    recordKeyUses(uses: {
        keyId: string;
        userId: string | null;
        at: number;
    }[]): Promise<void>;
    setWebhookSecret(appId: string, secret: string): Promise<void>;
    findIdentity(appId: string, identityId: string): Promise<Identity | null>;
    listPendingIdentities(appId: string, limit: number): Promise<Identity[]>;
    confirmIdentity(identityId: string): Promise<boolean>;
    deleteOwnerlessIdentity(identityId: string): Promise<boolean>;
    passwordFailures(appId: string, email: string, ip: string): Promise<{
        blockedUntil: number;
        counted: boolean;
    }>;
    countPasswordFailure(failure: PasswordFailure): Promise<void>;
    clearPasswordFailures(appId: string, email: string): Promise<void>;
    deleteStalePasswordFailures(before: number): Promise<number>;
    replacePasswordHash(identityId: string, expected: string, passwordHash: string): Promise<boolean>;
    setPasswordAndRevokeSessions(identityId: string, passwordHash: string): Promise<boolean>;
    markMailed(identityId: string, kind: TokenPurpose, now: number, minIntervalMs: number): Promise<boolean>;
    insertUserpassToken(token: UserpassToken): Promise<void>;
    findUserpassToken(tokenId: string): Promise<UserpassToken | null>;
    consumeUserpassToken(tokenId: string): Promise<boolean>;
    deleteUserpassTokens(identityId: string, purpose: TokenPurpose): Promise<void>;
    deleteExpiredUserpassTokens(now: number): Promise<number>;
    /** Durable: the request that owes this mail is answered once it is queued. */
    enqueueMail(outboxMail: OutboxMail): Promise<void>;
    claimDueMail(now: number, leaseUntil: number, limit: number): Promise<OutboxMail[]>;
    deleteMail(mailId: string): Promise<void>;
    rescheduleMail(mailId: string, attempts: number, nextAttemptAt: number, lastError: string, failedAt: number | null): Promise<void>;
    countQueuedMail(): Promise<number>;
    listMail(limit: number): Promise<OutboxMail[]>;
    retryAllMail(now: number): Promise<number>;
    deleteApp(appId: string): Promise<boolean>;
    listUsers(appId: string, query: UserQuery): Promise<UserSummary[]>;
    findUserSummary(appId: string, userId: string): Promise<UserSummary | null>;
    setUserDisabled(appId: string, userId: string, disabled: boolean): Promise<boolean>;
    deleteSessionsOfUser(appId: string, userId: string): Promise<number>;
    recordLogins(logins: {
        userId: string;
        at: number;
    }[]): Promise<void>;
    countLiveSessions(now: number): Promise<number>;
    insertAuditEvents(events: AuditEvent[]): Promise<void>;
    listAuditEvents(appId: string, query: AuditQuery): Promise<AuditEvent[]>;
    appStats(appId: string, since: number, now: number): Promise<AppStats>;
    deleteAuditEventsBefore(appId: string, before: number, limit: number): Promise<number>;
    scrubFreedSpace(): Promise<void>;
    backupTo(path: string): Promise<boolean>;
}
