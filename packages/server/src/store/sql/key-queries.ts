import type { ApiKey, KeyOwner } from '../../model/api-keys.js';
import { ANNOUNCE, CHANGE_CHANNEL } from '../../model/store-changes.js';
import type { Identity, User } from '../../model/users.js';
import type { InsertKeyResult, KeyAndOwner, RevocationRequest, RevokedKey } from '../store.js';
import { announce, announced, byId, firstRow, rows, run, type Dialect, type Op } from './driver.js';
import { OWNER_COLUMNS, toKey, toOwner, type KeyRow, type OwnerColumns } from './rows.js';
import { lockAgainstLogins } from './session-queries.js';
import { insertIdentity, insertUser } from './user-queries.js';

/** API keys, user and server. Every query names its owner: another owner's key is simply not found. */

function ownerClause(owner: KeyOwner): { sql: string; value: string } {
  return owner.kind === 'user'
    ? { sql: "kind = 'user' AND user_id = ?", value: owner.userId }
    : { sql: "kind = 'server' AND app_id = ?", value: owner.appId };
}

function* insertKey(key: ApiKey): Op<void> {
  yield* run(
    `INSERT INTO api_keys (id, app_id, user_id, kind, name, secret_hash, disabled, created_at, expires_at, scopes)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      key.id,
      key.appId,
      key.userId,
      key.kind,
      key.name,
      key.secretHash,
      key.disabled,
      key.createdAt,
      key.expiresAt,
      key.scopes === null ? null : JSON.stringify(key.scopes),
    ],
  );
}

/**
 * Locks the owner's row, counts under that lock, then inserts: a limit that holds across nodes.
 * Where write transactions serialise anyway (SQLite), there is nothing to lock.
 */
function* underLimit(d: Dialect, owner: KeyOwner, limit: number, insert: () => Op<void>): Op<InsertKeyResult> {
  if (d.lockForUpdate) {
    const [lockSql, scope] =
      owner.kind === 'user' ? ['SELECT 1 FROM users WHERE id = ?', owner.userId] : ['SELECT 1 FROM apps WHERE id = ?', owner.appId];
    yield* rows(`${lockSql} ${d.lockForUpdate}`, [scope]);
  }
  const where = ownerClause(owner);
  const counted = yield* firstRow<{ n: number }>(`SELECT COUNT(*) AS n FROM api_keys WHERE ${where.sql}`, [where.value]);
  if (Number(counted?.n ?? 0) >= limit) return 'limit';
  yield* insert();
  return 'inserted';
}

/** A user key to create under its owner's limit. */
export interface NewUserKey {
  key: ApiKey;
  limit: number;
}

/** Key creations per statement: 12 arrays of this length, far under any limit. */
export const KEY_BATCH = 100;

/**
 * PostgreSQL creates user keys in one statement, the creations of an event-loop turn together
 * (TurnBatcher): a function (postgres-functions.ts) that does for each what underLimit does in
 * a transaction — lock the user's row, count its keys (each statement of a function reads
 * afresh, so the count sees every key committed before the lock was granted), insert (a name
 * taken answers `duplicate` for that key alone), and notify the other nodes — atomic as one
 * statement, one commit for all. Owners are locked in id order (byId), so concurrent batches
 * never deadlock. NOTIFY serialises commits database-wide (a lock held through the commit's
 * flush), which held creations to about one per flush when each was its own transaction.
 */
export function* insertUserKeysInOneStatement(batch: NewUserKey[]): Op<InsertKeyResult[]> {
  const sorted = byId(
    batch.map((item, index) => ({ ...item, index })),
    (item) => item.key.userId,
  );
  const column = (pick: (item: NewUserKey) => unknown) => sorted.map(pick);
  const changes = sorted.map(({ key }) => ANNOUNCE.userKeyListChanged(key.userId));
  const [found] = yield* rows<{ outcomes: InsertKeyResult[] }>(
    `SELECT latchkey_insert_user_keys(CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]),
       CAST(? AS BYTEA[]), CAST(? AS BOOLEAN[]), CAST(? AS BIGINT[]), CAST(? AS BIGINT[]), CAST(? AS TEXT[]),
       CAST(? AS INTEGER[]), ?, CAST(? AS TEXT[])) AS outcomes`,
    [
      column(({ key }) => key.id),
      column(({ key }) => key.appId),
      column(({ key }) => key.userId),
      column(({ key }) => key.name),
      column(({ key }) => key.secretHash),
      column(({ key }) => key.disabled),
      column(({ key }) => key.createdAt),
      column(({ key }) => key.expiresAt),
      column(({ key }) => (key.scopes === null ? null : JSON.stringify(key.scopes))),
      column(({ limit }) => limit),
      CHANGE_CHANNEL,
      changes.map(([change]) => JSON.stringify(change)),
    ],
  );
  const outcomes = found?.outcomes ?? [];
  if (outcomes.length !== batch.length) throw new Error(`key creation answered ${outcomes.length} outcomes for ${batch.length} keys`);
  const results = new Array<InsertKeyResult>(batch.length);
  sorted.forEach(({ index }, at) => (results[index] = outcomes[at]!));
  yield* announced(changes.filter((_, at) => outcomes[at] === 'inserted').flat());
  return results;
}

export function* insertUserKeyIfUnderLimit(d: Dialect, key: ApiKey, limit: number): Op<InsertKeyResult> {
  return yield* underLimit(d, { kind: 'user', userId: key.userId }, limit, function* () {
    yield* insertKey(key);
    yield* announce(ANNOUNCE.userKeyListChanged(key.userId));
  });
}

export function* insertServerKeyIfUnderLimit(d: Dialect, key: ApiKey, user: User, identity: Identity, limit: number): Op<InsertKeyResult> {
  return yield* underLimit(d, { kind: 'server', appId: key.appId }, limit, function* () {
    yield* insertUser(user);
    yield* insertIdentity(identity);
    yield* insertKey(key);
  });
}

/** The current secret first (one probe, the hot path); a rotated key's previous secret only when that misses. */
export function* findKeyAndOwnerByHash(secretHash: Buffer): Op<KeyAndOwner | null> {
  for (const [column, previous] of [
    ['secret_hash', false],
    ['previous_secret_hash', true],
  ] as const) {
    const row = yield* firstRow<KeyRow & OwnerColumns>(
      `SELECT k.*, ${OWNER_COLUMNS} FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.${column} = ?`,
      [secretHash],
    );
    if (row) return { key: toKey(row), owner: toOwner(row), previous };
  }
  return null;
}

/**
 * A new secret for the key. With a grace period the old secret keeps logging in until
 * `previousValidUntil`, and the sessions it opened end then; without, they end now.
 */
export function* rotateKey(
  d: Dialect,
  owner: KeyOwner,
  keyId: string,
  secretHash: Buffer,
  previousValidUntil: number | null,
): Op<ApiKey | null> {
  const where = ownerClause(owner);
  yield* lockAgainstLogins(d, 'api_keys', keyId);
  const changed = yield* run(
    `UPDATE api_keys SET previous_secret_hash = ${previousValidUntil === null ? 'NULL' : 'secret_hash'}, previous_valid_until = ?, secret_hash = ?
     WHERE id = ? AND ${where.sql}`,
    [previousValidUntil, secretHash, keyId, where.value],
  );
  if (changed !== 1) return null;
  if (previousValidUntil === null) yield* run('DELETE FROM sessions WHERE key_id = ?', [keyId]);
  else
    yield* run('UPDATE sessions SET expires_at = ? WHERE key_id = ? AND expires_at > ?', [previousValidUntil, keyId, previousValidUntil]);
  yield* announce(ANNOUNCE.keySessionsRevoked(owner, keyId));
  return yield* findKey(owner, keyId);
}

/**
 * A leaked current secret disables its key; a leaked previous secret ends its grace. Either
 * way every session of the key ends (a session does not record which secret opened it).
 */
export function* revokeSecrets(d: Dialect, secretHashes: Buffer[]): Op<RevokedKey[]> {
  const revoked: RevokedKey[] = [];
  for (const hash of secretHashes) {
    const found = yield* findKeyAndOwnerByHash(hash);
    if (!found) continue;
    const { key, previous } = found;
    yield* lockAgainstLogins(d, 'api_keys', key.id);
    if (previous) yield* run('UPDATE api_keys SET previous_secret_hash = NULL, previous_valid_until = NULL WHERE id = ?', [key.id]);
    else if (!key.disabled) yield* run('UPDATE api_keys SET disabled = ? WHERE id = ?', [true, key.id]);
    else continue;
    yield* run('DELETE FROM sessions WHERE key_id = ?', [key.id]);
    const owner: KeyOwner = key.kind === 'user' ? { kind: 'user', userId: key.userId } : { kind: 'server', appId: key.appId };
    yield* announce(ANNOUNCE.keySessionsRevoked(owner, key.id));
    revoked.push({ key: { ...key, disabled: key.disabled || !previous }, previous });
  }
  return revoked;
}

/**
 * Last-use times, batched; a time never goes backwards. User keys' lists are cached, so each
 * owner's list is announced as changed (once per batch, not per use).
 */
export function* recordKeyUses(uses: { keyId: string; userId: string | null; at: number }[]): Op<void> {
  const owners = new Set<string>();
  for (const { keyId, userId, at } of byId(uses, (use) => use.keyId)) {
    yield* run('UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)', [at, keyId, at]);
    if (userId) owners.add(userId);
  }
  for (const userId of owners) yield* announce(ANNOUNCE.userKeyListChanged(userId));
}

export function* findKey(owner: KeyOwner, keyId: string): Op<ApiKey | null> {
  const where = ownerClause(owner);
  const row = yield* firstRow<KeyRow>(`SELECT * FROM api_keys WHERE id = ? AND ${where.sql}`, [keyId, where.value]);
  return row ? toKey(row) : null;
}

export function* listKeys(owner: KeyOwner): Op<ApiKey[]> {
  const where = ownerClause(owner);
  return (yield* rows<KeyRow>(`SELECT * FROM api_keys WHERE ${where.sql} ORDER BY created_at, id`, [where.value])).map(toKey);
}

/** Disabling also removes the sessions opened with the key, in the same transaction. */
export function* setKeyDisabled(d: Dialect, owner: KeyOwner, keyId: string, disabled: boolean): Op<boolean> {
  const where = ownerClause(owner);
  if (disabled) yield* lockAgainstLogins(d, 'api_keys', keyId);
  if ((yield* run(`UPDATE api_keys SET disabled = ? WHERE id = ? AND ${where.sql}`, [disabled, keyId, where.value])) !== 1) return false;
  if (!disabled) {
    yield* announce(ANNOUNCE.keyListChanged(owner));
    return true;
  }
  yield* run('DELETE FROM sessions WHERE key_id = ?', [keyId]);
  yield* announce(ANNOUNCE.keySessionsRevoked(owner, keyId));
  return true;
}

/** Foreign keys cascade the key's sessions; a server key's user exists only through the key, and goes with it. */
export function* deleteKey(owner: KeyOwner, keyId: string): Op<boolean> {
  const where = ownerClause(owner);
  const sql =
    owner.kind === 'server'
      ? `DELETE FROM users WHERE id = (SELECT user_id FROM api_keys WHERE id = ? AND ${where.sql})`
      : `DELETE FROM api_keys WHERE id = ? AND ${where.sql}`;
  if ((yield* run(sql, [keyId, where.value])) !== 1) return false;
  yield* announce(ANNOUNCE.keySessionsRevoked(owner, keyId));
  return true;
}

interface RevocationRequestRow {
  id: string;
  secret_hashes: string;
  ip: string | null;
  user_agent: string | null;
  requested_at: number | string;
}

export function* insertRevocationRequest(request: RevocationRequest): Op<void> {
  yield* run('INSERT INTO revocation_requests (id, secret_hashes, ip, user_agent, requested_at) VALUES (?, ?, ?, ?, ?)', [
    request.id,
    JSON.stringify(request.secretHashes.map((hash) => hash.toString('hex'))),
    request.ip,
    request.userAgent,
    request.requestedAt,
  ]);
}

export function* carryOutRevocationRequest(d: Dialect, id: string): Op<{ request: RevocationRequest; revoked: RevokedKey[] } | null> {
  const row = yield* firstRow<RevocationRequestRow>(`SELECT * FROM revocation_requests WHERE id = ? ${d.lockForUpdate}`, [id]);
  if (!row) return null;
  const request: RevocationRequest = {
    id: row.id,
    secretHashes: (JSON.parse(row.secret_hashes) as string[]).map((hex) => Buffer.from(hex, 'hex')),
    ip: row.ip,
    userAgent: row.user_agent,
    requestedAt: Number(row.requested_at),
  };
  const revoked = yield* revokeSecrets(d, request.secretHashes);
  yield* run('DELETE FROM revocation_requests WHERE id = ?', [id]);
  return { request, revoked };
}

export function* listRevocationRequests(before: number): Op<string[]> {
  return (yield* rows<{ id: string }>('SELECT id FROM revocation_requests WHERE requested_at < ? ORDER BY id', [before])).map(
    (row) => row.id,
  );
}
