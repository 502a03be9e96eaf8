import type { ApiKey } from '../../model/api-keys.js';
import type { ImportOutcome, IncomingCustomData, IncomingUser } from '../../model/imports.js';
import { ANNOUNCE } from '../../model/store-changes.js';
import type { OutboxMail } from '../../model/mail.js';
import type { Identity, User } from '../../model/users.js';
import { announce, rows, run, type Dialect, type Op } from './driver.js';
import { exportedTable } from '../deployment-tables.js';
import { insertColumns, insertRows, lookUp, type Column } from './batch-statements.js';
import { toIdentity, type IdentityRow } from './rows.js';

/**
 * Imports, a batch per transaction. Each batch first reads what already holds its ids, emails,
 * provider ids and key hashes, decides every record's outcome, then writes the new ones in
 * many-row statements (batch-statements.ts).
 */

/** Every column of a user, as a deployment export lists them (userValues gives them in that order). */
const USER_COLUMNS: Column[] = insertColumns(exportedTable('users')!.columns);
const userValues = (u: User) => [
  u.id,
  u.appId,
  u.type,
  u.createdAt,
  JSON.stringify(u.customData),
  u.disabled,
  u.lastLoginAt,
  u.profileData ? JSON.stringify(u.profileData) : null,
  u.importedAt,
];
const IDENTITY_COLUMNS: Column[] = [
  ['id', 'text'],
  ['app_id', 'text'],
  ['user_id', 'text'],
  ['provider_type', 'text'],
  ['email', 'text'],
  ['password_hash', 'text'],
  ['confirmed', 'boolean'],
  ['created_at', 'bigint'],
  ['external_id', 'text'],
  ['provider_id', 'text'],
  ['provider_data', 'text'],
];
const identityValues = (i: Identity) => [
  i.id,
  i.appId,
  i.userId,
  i.providerType,
  i.email,
  i.passwordHash,
  i.confirmed,
  i.createdAt,
  i.externalId ?? null,
  i.providerId ?? null,
  i.providerData ? JSON.stringify(i.providerData) : null,
];
const KEY_COLUMNS: Column[] = [
  ['id', 'text'],
  ['app_id', 'text'],
  ['user_id', 'text'],
  ['kind', 'text'],
  ['name', 'text'],
  ['secret_hash', 'bytea'],
  ['disabled', 'boolean'],
  ['created_at', 'bigint'],
];
const keyValues = (k: ApiKey) => [k.id, k.appId, k.userId, k.kind, k.name, k.secretHash, k.disabled, k.createdAt];

/**
 * What already holds any of the batch's ids, emails, provider ids, key hashes and server key
 * names. Each lookup repeats its partial index's condition (`… IS NOT NULL`): PostgreSQL does
 * not infer it from `= ANY(…)`, and without it scanned every identity of the app per batch.
 */
function* takenBy(d: Dialect, appId: string, batch: IncomingUser[]) {
  const users = new Map<string, string>();
  for (const r of yield* lookUp<{ id: string; app_id: string }>(
    d,
    'SELECT id, app_id FROM users WHERE id {in}',
    [],
    batch.map((u) => u.user.id),
  ))
    users.set(r.id, r.app_id);

  const identities = batch.flatMap((u) => u.identities);
  const emails = new Map<string, string | null>();
  for (const r of yield* lookUp<{ email: string; user_id: string | null }>(
    d,
    'SELECT email, user_id FROM identities WHERE app_id = ? AND email IS NOT NULL AND email {in}',
    [appId],
    identities.flatMap((i) => (i.email ? [i.email] : [])),
  ))
    emails.set(r.email, r.user_id);

  const external = new Map<string, string | null>();
  const providers = new Set(identities.map((i) => i.providerType));
  for (const provider of providers) {
    const ids = identities.flatMap((i) => (i.providerType === provider && i.externalId ? [i.externalId] : []));
    for (const r of yield* lookUp<{ external_id: string; user_id: string | null }>(
      d,
      'SELECT external_id, user_id FROM identities WHERE app_id = ? AND provider_type = ? AND external_id IS NOT NULL AND external_id {in}',
      [appId, provider],
      ids,
    ))
      external.set(`${provider} ${r.external_id}`, r.user_id);
  }

  const keys = batch.flatMap((u) => u.keys);
  const hashes = new Set<string>();
  const hashValues = keys.map((k) => k.secretHash);
  for (const r of yield* lookUp<{ h: Buffer }>(d, 'SELECT secret_hash AS h FROM api_keys WHERE secret_hash {in}', [], hashValues, 'bytea'))
    hashes.add(Buffer.from(r.h).toString('hex'));
  for (const r of yield* lookUp<{ h: Buffer }>(
    d,
    'SELECT previous_secret_hash AS h FROM api_keys WHERE previous_secret_hash {in}',
    [],
    hashValues,
    'bytea',
  ))
    hashes.add(Buffer.from(r.h).toString('hex'));

  const serverNames = new Set<string>();
  for (const r of yield* lookUp<{ name: string }>(
    d,
    "SELECT name FROM api_keys WHERE app_id = ? AND kind = 'server' AND name {in}",
    [appId],
    keys.filter((k) => k.kind === 'server').map((k) => k.name),
  ))
    serverNames.add(r.name);

  return { users, emails, external, hashes, serverNames };
}

function outcomeOf(
  appId: string,
  incoming: IncomingUser,
  taken: ReturnType<typeof takenBy> extends Op<infer T> ? T : never,
): ImportOutcome {
  const holder = taken.users.get(incoming.user.id);
  if (holder === appId) return { kind: 'present' };
  if (holder !== undefined) return { kind: 'conflict', reason: 'the id belongs to a user of another app on this server' };
  for (const identity of incoming.identities) {
    // Owned by this very user: another import committed it between the lookups (on PostgreSQL
    // each statement reads its own snapshot), so the user is present, not in conflict.
    const emailOwner = identity.email ? taken.emails.get(identity.email) : undefined;
    const externalOwner = identity.externalId ? taken.external.get(`${identity.providerType} ${identity.externalId}`) : undefined;
    if (emailOwner === incoming.user.id || externalOwner === incoming.user.id) return { kind: 'present' };
    if (identity.email && taken.emails.has(identity.email))
      return { kind: 'conflict', reason: `the email ${identity.email} belongs to another user of this app` };
    if (identity.externalId && taken.external.has(`${identity.providerType} ${identity.externalId}`))
      return {
        kind: 'conflict',
        reason: `the ${identity.providerType} identity ${identity.externalId} belongs to another user of this app`,
      };
  }
  for (const key of incoming.keys) {
    if (taken.hashes.has(key.secretHash.toString('hex')))
      return { kind: 'conflict', reason: `the API key "${key.name}" is already stored` };
    if (key.kind === 'server' && taken.serverNames.has(key.name))
      return { kind: 'conflict', reason: `a server API key named "${key.name}" already exists in this app` };
  }
  return { kind: 'imported' };
}

/**
 * Writes the batch's new users with their identities and keys; a record whose id is already
 * this app's is left as it is (`present`), and one that would take another user's id, email,
 * provider id or key is refused (`conflict`). Nothing is announced: new users are in no cache.
 * The caller keeps any two records of one batch from sharing an id, email or key.
 */
export function* importUsers(d: Dialect, appId: string, batch: IncomingUser[]): Op<ImportOutcome[]> {
  const taken = yield* takenBy(d, appId, batch);
  const outcomes = batch.map((incoming) => outcomeOf(appId, incoming, taken));
  const fresh = batch.filter((_, at) => outcomes[at]!.kind === 'imported');
  yield* insertRows(
    d,
    'users',
    USER_COLUMNS,
    fresh.map((u) => userValues(u.user)),
  );
  yield* insertRows(
    d,
    'identities',
    IDENTITY_COLUMNS,
    fresh.flatMap((u) => u.identities.map(identityValues)),
  );
  yield* insertRows(
    d,
    'api_keys',
    KEY_COLUMNS,
    fresh.flatMap((u) => u.keys.map(keyValues)),
  );
  return outcomes;
}

/**
 * Sets each user's custom data from the batch; `present` when it already holds exactly that,
 * a conflict when the app has no such user. Changed users' cached records are dropped everywhere.
 */
export function* importCustomData(d: Dialect, appId: string, batch: IncomingCustomData[]): Op<ImportOutcome[]> {
  const current = new Map<string, string>();
  for (const r of yield* lookUp<{ id: string; custom_data: string }>(
    d,
    'SELECT id, custom_data FROM users WHERE app_id = ? AND id {in}',
    [appId],
    batch.map((d) => d.userId),
  ))
    current.set(r.id, typeof r.custom_data === 'string' ? r.custom_data : JSON.stringify(r.custom_data));
  const outcomes: ImportOutcome[] = [];
  for (const { userId, customData } of batch) {
    const held = current.get(userId);
    const wanted = JSON.stringify(customData);
    if (held === undefined) outcomes.push({ kind: 'conflict', reason: `no user ${userId} in this app (import the users first)` });
    else if (held === wanted) outcomes.push({ kind: 'present' });
    else {
      yield* run('UPDATE users SET custom_data = ? WHERE id = ? AND app_id = ?', [wanted, userId, appId]);
      yield* announce(ANNOUNCE.userRecordChanged(userId));
      outcomes.push({ kind: 'imported' });
    }
  }
  return outcomes;
}

/**
 * Imported email users still without a password, in id order after `after`: those never sent a
 * reset mail, or all of them with `again`.
 */
export function* listIdentitiesWithoutPassword(appId: string, after: string, limit: number, again: boolean): Op<Identity[]> {
  const found = yield* rows<IdentityRow>(
    `SELECT * FROM identities
     WHERE app_id = ? AND provider_type = 'local-userpass' AND password_hash IS NULL AND user_id IS NOT NULL AND id > ?
       ${again ? '' : 'AND last_reset_mail_at IS NULL'}
     ORDER BY id LIMIT ?`,
    [appId, after, limit],
  );
  return found.map(toIdentity);
}

/** Queues reset mails (each already given its time to go) and marks their addresses as mailed. */
export function* queueResetMails(d: Dialect, mails: OutboxMail[], now: number): Op<void> {
  yield* insertRows(
    d,
    'mail_outbox',
    [
      ['id', 'text'],
      ['app_id', 'text'],
      ['identity_id', 'text'],
      ['kind', 'text'],
      ['to_address', 'text'],
      ['attempts', 'integer'],
      ['next_attempt_at', 'bigint'],
      ['created_at', 'bigint'],
    ],
    mails.map((m) => [m.id, m.appId, m.identityId, m.kind, m.to, m.attempts, m.nextAttemptAt, m.createdAt]),
  );
  for (const mail of mails) yield* run('UPDATE identities SET last_reset_mail_at = ? WHERE id = ?', [now, mail.identityId]);
}

/** PostgreSQL's planner statistics for the tables an import fills. */
export function* analyzeUserTables(): Op<void> {
  yield* run('ANALYZE users, identities');
}
