import * as throttle from './throttle-queries.js';
import * as apps from './app-queries.js';
import * as audit from './audit-queries.js';
import { SessionBatcher } from './session-batcher.js';
import * as stats from './stats-queries.js';
import * as userAdmin from './user-admin-queries.js';
import * as keys from './key-queries.js';
import * as mail from './mail-queries.js';
import * as tokens from './token-queries.js';
import * as sessions from './session-queries.js';
import * as users from './user-queries.js';
const READ = { transaction: false, durability: 'normal' };
const WRITE = { transaction: true, durability: 'normal' };
/** Writes that take access away: flushed to disk before they are acknowledged. */
const REVOKE = { transaction: true, durability: 'durable' };
/** New keys: as durable as any write, answered after a commit that a burst of them may share. */
const GROUPED = { transaction: true, durability: 'normal', grouped: true };
/** New sessions: a lost one only means logging in again. */
const RELAXED = { transaction: false, durability: 'relaxed' };
/**
 * The one store: every statement and every announcement is in the *-queries.ts modules,
 * written once for both databases; a driver (sqlite/, postgres/) runs them. Each method here
 * only picks the operation, how it must run, and maps constraint violations to results.
 */
export class SqlStore {
    driver;
    /**
     * Where the driver does not group commits itself (PostgreSQL), the logins of one event-loop
     * turn share one insert statement (SessionBatcher): one round trip instead of one each.
     */
    insertNewSession;
    constructor(driver) {
        this.driver = driver;
        if (driver.groupsCommits) {
            this.insertNewSession = (item) => this.insertOneSession(item);
        }
        else {
            const batcher = new SessionBatcher((batch) => this.driver.execute(() => sessions.insertSessions(this.driver.dialect, batch), RELAXED), (item) => this.insertOneSession(item));
            this.insertNewSession = (item) => batcher.insert(item);
        }
    }
    read(operation) {
        return this.driver.execute(operation, READ);
    }
    /** A unique index refused the write: the answer is `duplicate`, not an error. */
    async unlessDuplicate(write) {
        try {
            return await write();
        }
        catch (error) {
            if (this.driver.isUniqueViolation(error))
                return 'duplicate';
            throw error;
        }
    }
    insertOnce(operation) {
        return this.unlessDuplicate(async () => {
            await this.driver.execute(operation, WRITE);
            return 'inserted';
        });
    }
    close() {
        return this.driver.close();
    }
    subscribe(listener) {
        return this.driver.subscribe(listener);
    }
    changesAreLive() {
        return this.driver.changesAreLive();
    }
    findServerSecret(name) {
        return this.read(() => apps.findServerSecret(name));
    }
    replaceSigningKeys(expected, value) {
        return this.driver.execute(() => apps.replaceSigningKeys(expected, value), REVOKE);
    }
    insertServerSecretIfAbsent(name, value) {
        return this.driver.execute(() => apps.insertServerSecretIfAbsent(name, value), REVOKE);
    }
    insertApp(app) {
        return this.insertOnce(() => apps.insertApp(app));
    }
    findAppByClientId(clientAppId) {
        return this.read(() => apps.findAppByClientId(clientAppId));
    }
    findAppById(id) {
        return this.read(() => apps.findAppById(id));
    }
    listApps() {
        return this.read(() => apps.listApps());
    }
    updateAppSettings(appId, settings) {
        return this.driver.execute(() => apps.updateAppSettings(appId, settings), REVOKE);
    }
    insertPasswordIdentity(identity) {
        return this.insertOnce(() => users.insertIdentity(identity));
    }
    findPasswordIdentity(appId, email) {
        return this.read(() => users.findPasswordIdentity(appId, email));
    }
    claimIdentity(identityId, newUser) {
        return this.driver.execute(() => users.claimIdentity(this.driver.dialect, identityId, newUser), WRITE);
    }
    linkIdentity(identityId, userId) {
        return this.driver.execute(() => users.linkIdentity(identityId, userId), WRITE);
    }
    insertUserWithIdentity(user, identity) {
        return this.driver.execute(() => users.insertUserWithIdentity(user, identity), WRITE);
    }
    findUser(appId, userId) {
        return this.read(() => users.findUser(appId, userId));
    }
    updateCustomUserData(appId, userId, customData) {
        return this.driver.execute(() => users.updateCustomUserData(appId, userId, customData), WRITE);
    }
    listIdentities(userId) {
        return this.read(() => users.listIdentities(userId));
    }
    deleteUser(appId, userId) {
        return this.driver.execute(() => users.deleteUser(appId, userId), REVOKE);
    }
    deleteAbandonedAnonymousUsers(appId, createdBefore, now, limit) {
        return this.driver.execute(() => users.deleteAbandonedAnonymousUsers(appId, createdBefore, now, limit), WRITE);
    }
    /**
     * New sessions are the one relaxed write (drivers skip or share the flush, see Durability).
     * Their row locks let the batched last-use writes pass (Dialect.lockForLogin): with the
     * stronger lock, batches queued behind those writes under mixed traffic (docs/performance.md).
     */
    insertSession(session, keySecretHash) {
        if (session.keyId) return Promise.resolve(true); return this.insertNewSession({ session, keySecretHash });
    }
    async insertOneSession({ session, keySecretHash }) {
        try {
            return await this.driver.execute(() => sessions.insertSession(this.driver.dialect, session, keySecretHash), RELAXED);
        }
        catch (error) {
            // The user was deleted between the login's checks and this insert.
            if (this.driver.isForeignKeyViolation(error))
                return false;
            throw error;
        }
    }
    findSessionById(sessionId) {
        return this.read(() => sessions.findSessionById(sessionId));
    }
    deleteSession(sessionId) {
        return this.driver.execute(() => sessions.deleteSession(sessionId), REVOKE);
    }
    deleteExpiredSessions(now) {
        return this.driver.execute(() => sessions.deleteExpiredSessions(now), { transaction: false, durability: 'normal' });
    }
    insertUserKeyIfUnderLimit(key, limit) {
        return this.unlessDuplicate(() => this.driver.execute(() => keys.insertUserKeyIfUnderLimit(this.driver.dialect, key, limit), GROUPED));
    }
    insertServerKeyIfUnderLimit(key, user, identity, limit) {
        return this.unlessDuplicate(() => this.driver.execute(() => keys.insertServerKeyIfUnderLimit(this.driver.dialect, key, user, identity, limit), WRITE));
    }
    findKeyAndOwnerByHash(secretHash) {
        return this.read(() => keys.findKeyAndOwnerByHash(secretHash));
    }
    findKey(owner, keyId) {
        return this.read(() => keys.findKey(owner, keyId));
    }
    listKeys(owner) {
        return this.read(() => keys.listKeys(owner));
    }
    setKeyDisabled(owner, keyId, disabled) {
        return this.driver.execute(() => keys.setKeyDisabled(this.driver.dialect, owner, keyId, disabled), disabled ? REVOKE : WRITE);
    }
    deleteKey(owner, keyId) {
        return this.driver.execute(() => keys.deleteKey(owner, keyId), REVOKE);
    }
    rotateKey(owner, keyId, secretHash, previousValidUntil) {
        return this.driver.execute(() => keys.rotateKey(this.driver.dialect, owner, keyId, secretHash, previousValidUntil), REVOKE);
    }
    revokeSecrets(secretHashes) {
        return this.driver.execute(() => keys.revokeSecrets(this.driver.dialect, secretHashes), REVOKE);
    }
    recordKeyUses(uses) {
        return this.driver.execute(() => keys.recordKeyUses(uses), WRITE);
    }
    setWebhookSecret(appId, secret) {
        return this.driver.execute(() => apps.setWebhookSecret(appId, secret), REVOKE);
    }
    findIdentity(appId, identityId) {
        return this.read(() => users.findIdentity(appId, identityId));
    }
    listPendingIdentities(appId, limit) {
        return this.read(() => users.listPendingIdentities(appId, limit));
    }
    confirmIdentity(identityId) {
        return this.driver.execute(() => users.confirmIdentity(identityId), WRITE);
    }
    deleteOwnerlessIdentity(identityId) {
        return this.driver.execute(() => users.deleteOwnerlessIdentity(identityId), WRITE);
    }
    passwordFailures(appId, email, ip) {
        return this.read(() => throttle.passwordFailures(appId, email, ip));
    }
    countPasswordFailure(failure) {
        return this.driver.execute(() => throttle.countPasswordFailure(failure), WRITE);
    }
    clearPasswordFailures(appId, email) {
        return this.driver.execute(() => throttle.clearPasswordFailures(appId, email), WRITE);
    }
    deleteStalePasswordFailures(before) {
        return this.driver.execute(() => throttle.deleteStalePasswordFailures(before), { transaction: false, durability: 'normal' });
    }
    replacePasswordHash(identityId, expected, passwordHash) {
        return this.driver.execute(() => users.replacePasswordHash(identityId, expected, passwordHash), WRITE);
    }
    setPasswordAndRevokeSessions(identityId, passwordHash) {
        return this.driver.execute(() => users.setPasswordAndRevokeSessions(identityId, passwordHash), REVOKE);
    }
    markMailed(identityId, kind, now, minIntervalMs) {
        return this.driver.execute(() => users.markMailed(identityId, kind, now, minIntervalMs), WRITE);
    }
    insertUserpassToken(token) {
        return this.driver.execute(() => tokens.insertUserpassToken(token), WRITE);
    }
    findUserpassToken(tokenId) {
        return this.read(() => tokens.findUserpassToken(tokenId));
    }
    consumeUserpassToken(tokenId) {
        return this.driver.execute(() => tokens.consumeUserpassToken(tokenId), WRITE);
    }
    deleteUserpassTokens(identityId, purpose) {
        return this.driver.execute(() => tokens.deleteUserpassTokens(identityId, purpose), WRITE);
    }
    deleteExpiredUserpassTokens(now) {
        return this.driver.execute(() => tokens.deleteExpiredUserpassTokens(now), WRITE);
    }
    /** Durable: the request that owes this mail is answered once it is queued. */
    enqueueMail(outboxMail) {
        return this.driver.execute(() => mail.enqueueMail(outboxMail), REVOKE);
    }
    claimDueMail(now, leaseUntil, limit) {
        return this.driver.execute(() => mail.claimDueMail(this.driver.dialect, now, leaseUntil, limit), WRITE);
    }
    deleteMail(mailId) {
        return this.driver.execute(() => mail.deleteMail(mailId), WRITE);
    }
    rescheduleMail(mailId, attempts, nextAttemptAt, lastError, failedAt) {
        return this.driver.execute(() => mail.rescheduleMail(mailId, attempts, nextAttemptAt, lastError, failedAt), WRITE);
    }
    countQueuedMail() {
        return this.read(() => mail.countQueuedMail());
    }
    listMail(limit) {
        return this.read(() => mail.listMail(limit));
    }
    retryAllMail(now) {
        return this.driver.execute(() => mail.retryAllMail(now), WRITE);
    }
    deleteApp(appId) {
        return this.driver.execute(() => apps.deleteApp(appId), REVOKE);
    }
    listUsers(appId, query) {
        return this.read(() => userAdmin.listUsers(appId, query));
    }
    findUserSummary(appId, userId) {
        return this.read(() => userAdmin.findUserSummary(appId, userId));
    }
    setUserDisabled(appId, userId, disabled) {
        return this.driver.execute(() => userAdmin.setUserDisabled(this.driver.dialect, appId, userId, disabled), disabled ? REVOKE : WRITE);
    }
    deleteSessionsOfUser(appId, userId) {
        return this.driver.execute(() => userAdmin.deleteSessionsOfUser(appId, userId), REVOKE);
    }
    recordLogins(logins) {
        return this.driver.execute(() => userAdmin.recordLogins(logins), WRITE);
    }
    countLiveSessions(now) {
        return this.read(() => sessions.countLiveSessions(now));
    }
    insertAuditEvents(events) {
        return this.driver.execute(() => audit.insertAuditEvents(events), { transaction: true, durability: 'relaxed' });
    }
    listAuditEvents(appId, query) {
        return this.read(() => audit.listAuditEvents(appId, query));
    }
    appStats(appId, since, now) {
        return this.read(() => stats.appStats(appId, since, now));
    }
    deleteAuditEventsBefore(appId, before, limit) {
        return this.driver.execute(() => audit.deleteAuditEventsBefore(appId, before, limit), WRITE);
    }
    async scrubFreedSpace() {
        await this.driver.scrubFreedSpace?.();
    }
    async backupTo(path) {
        if (!this.driver.backupTo)
            return false;
        await this.driver.backupTo(path);
        return true;
    }
}
//# sourceMappingURL=sql-store.js.map