import { IDENTITY_PROVIDERS, KEY_NAME_PATTERN, MAX_CUSTOM_DATA_BYTES, isIdentityProvider } from '@latchkey/protocol';
import { isObjectId, newObjectId } from '../crypto/ids.js';
import { IMPORTED_PREFIX, recogniseImportedHash, type ImportedHashScheme } from '../crypto/imported-hashes.js';
import type { ApiKey } from '../model/api-keys.js';
import { parseNewEmail } from '../model/emails.js';
import type { IncomingUser, RecordPosition } from '../model/imports.js';
import type { Identity, User, UserType } from '../model/users.js';

/**
 * One user as App Services' Admin API lists them (`GET /groups/{g}/apps/{a}/users`,
 * `appservices users list -f json`), read into what Latchkey stores: the same `_id`, every
 * identity (those of providers Latchkey does not serve too), type, dates, disabled state and
 * profile data. Records from other systems may add `password_hash` and `api_keys`.
 */
export interface ReadUser {
  incoming: IncomingUser;
  /** The imported password hash's scheme, if the record had one. */
  hashScheme: ImportedHashScheme | null;
}

/** Why a record cannot come in, naming the field. */
export class RecordProblem extends Error {
  constructor(
    readonly reason: string,
    readonly id?: string,
  ) {
    super(reason);
    this.name = 'RecordProblem';
  }
}

const MAX_IDENTITIES = 50;
const MAX_KEYS = 1000;
const MAX_ID_LENGTH = 512;
const HEX_SHA256 = /^[0-9a-f]{64}$/;
const KEY_NAME = new RegExp(KEY_NAME_PATTERN);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function problem(reason: string, id?: string): never {
  throw new RecordProblem(reason, id);
}

/** `_id` as a 24-hex string, or as Extended JSON's `{"$oid": …}`. */
function readId(value: unknown): string {
  const raw = isObject(value) && typeof value.$oid === 'string' ? value.$oid : value;
  if (typeof raw !== 'string' || !isObjectId(raw.toLowerCase())) problem('_id must be 24 hexadecimal characters (an ObjectId)');
  return raw.toLowerCase();
}

/** Seconds since the epoch (App Services' dates), an ISO date, or `{"$date": …}`, into milliseconds. */
function readDate(value: unknown, field: string, id: string): number | null {
  if (value === undefined || value === null || value === 0) return null;
  const raw = isObject(value) && '$date' in value ? value.$date : value;
  if (typeof raw === 'number' && Number.isFinite(raw) && raw > 0) return Math.round(isObject(value) ? raw : raw * 1000);
  if (isObject(raw) && typeof raw.$numberLong === 'string') return Number(raw.$numberLong);
  if (typeof raw === 'string' && !Number.isNaN(Date.parse(raw))) return Date.parse(raw);
  return problem(`${field} must be seconds since the epoch or a date`, id);
}

function readJsonObject(value: unknown, field: string, id: string): Json | null {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) problem(`${field} must be a JSON object`, id);
  if (Buffer.byteLength(JSON.stringify(value)) > MAX_CUSTOM_DATA_BYTES) problem(`${field} is over ${MAX_CUSTOM_DATA_BYTES} bytes`, id);
  return value;
}

function readEmail(raw: unknown, id: string): string {
  if (typeof raw !== 'string') return problem('the local-userpass identity has no email (provider_data.email or data.email)', id);
  try {
    return parseNewEmail(raw);
  } catch {
    return problem(`the email ${JSON.stringify(raw.slice(0, 80))} is not a plain address`, id);
  }
}

function readIdentity(value: unknown, index: number, user: User, data: Json | null): Identity {
  const at = `identities[${index}]`;
  if (!isObject(value)) problem(`${at} must be an object`, user.id);
  const { id, provider_type: provider, provider_id: providerId, provider_data: providerData } = value;
  if (typeof provider !== 'string' || !isIdentityProvider(provider))
    problem(`${at}.provider_type must be one of ${IDENTITY_PROVIDERS.join(', ')}`, user.id);
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH)
    problem(`${at}.id must be a string of 1 to ${MAX_ID_LENGTH} characters`, user.id);
  if (providerId !== undefined && providerId !== null && typeof providerId !== 'string')
    problem(`${at}.provider_id must be a string`, user.id);
  const details = readJsonObject(providerData, `${at}.provider_data`, user.id);
  const email = provider === 'local-userpass' ? readEmail(details?.email ?? data?.email, user.id) : null;
  return {
    id: newObjectId(user.createdAt),
    appId: user.appId,
    userId: user.id,
    providerType: provider,
    email,
    passwordHash: null,
    confirmed: true,
    createdAt: user.createdAt,
    externalId: id,
    providerId: typeof providerId === 'string' ? providerId : null,
    providerData: details,
  };
}

function readKey(value: unknown, index: number, user: User): ApiKey {
  const at = `api_keys[${index}]`;
  if (!isObject(value)) problem(`${at} must be an object`, user.id);
  const { name, key_hash: keyHash, disabled, created_at: createdAt } = value;
  if (typeof name !== 'string' || !KEY_NAME.test(name)) problem(`${at}.name must be 1 to 64 letters, digits, "_" or "-"`, user.id);
  if (typeof keyHash !== 'string' || !HEX_SHA256.test(keyHash))
    problem(`${at}.key_hash must be the lowercase hexadecimal SHA-256 of the whole key (64 characters)`, user.id);
  if (disabled !== undefined && typeof disabled !== 'boolean') problem(`${at}.disabled must be true or false`, user.id);
  return {
    id: newObjectId(user.createdAt),
    appId: user.appId,
    userId: user.id,
    kind: user.type === 'server' ? 'server' : 'user',
    name,
    secretHash: Buffer.from(keyHash, 'hex'),
    disabled: disabled === true,
    createdAt: readDate(createdAt, `${at}.created_at`, user.id) ?? user.createdAt,
    lastUsedAt: null,
    expiresAt: null,
    scopes: null,
    previousSecretHash: null,
    previousValidUntil: null,
  };
}

function readPassword(value: unknown, identities: Identity[], id: string): ImportedHashScheme | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return problem('password_hash must be a string', id);
  const owner = identities.find((identity) => identity.providerType === 'local-userpass');
  if (!owner) return problem('password_hash is given, but the user has no local-userpass identity', id);
  const recognised = recogniseImportedHash(value);
  if ('problem' in recognised) return problem(recognised.problem, id);
  owner.passwordHash = IMPORTED_PREFIX + value;
  return recognised.scheme;
}

function readUserType(value: unknown, id: string): UserType {
  if (value === undefined || value === 'normal' || value === 'server') return value ?? 'normal';
  return problem('type must be "normal" or "server"', id);
}

/** Reads one record; throws RecordProblem naming what is wrong. */
export function readExportedUser(value: unknown, position: RecordPosition, appId: string, now: number): ReadUser {
  if (!isObject(value)) problem('a user must be a JSON object');
  const id = readId(value._id);
  const createdAt = readDate(value.creation_date, 'creation_date', id) ?? now;
  if (value.disabled !== undefined && typeof value.disabled !== 'boolean') problem('disabled must be true or false', id);
  const data = readJsonObject(value.data, 'data', id);
  const user: User = {
    id,
    appId,
    type: readUserType(value.type, id),
    createdAt,
    customData: {},
    disabled: value.disabled === true,
    lastLoginAt: readDate(value.last_authentication_date, 'last_authentication_date', id),
    profileData: data,
    importedAt: now,
  };
  const rawIdentities = value.identities ?? [];
  if (!Array.isArray(rawIdentities) || rawIdentities.length > MAX_IDENTITIES)
    problem(`identities must be a list of at most ${MAX_IDENTITIES}`, id);
  const identities = rawIdentities.map((identity, index) => readIdentity(identity, index, user, data));
  if (identities.filter((identity) => identity.providerType === 'local-userpass').length > 1)
    problem('a user has at most one local-userpass identity', id);
  const rawKeys = value.api_keys ?? [];
  if (!Array.isArray(rawKeys) || rawKeys.length > MAX_KEYS) problem(`api_keys must be a list of at most ${MAX_KEYS}`, id);
  const keys = rawKeys.map((key, index) => readKey(key, index, user));
  if (new Set(keys.map((key) => key.name)).size !== keys.length) problem('two of the api_keys have the same name', id);
  if (keys.length > 0 && identities.length > 0 && identities.every((identity) => identity.providerType === 'anon-user'))
    problem('an anonymous user cannot own API keys', id);
  if (user.type === 'server' && keys.length > 1) problem('a server user logs in with one server key; give each key its own user', id);
  const hashScheme = readPassword(value.password_hash, identities, id);
  return { incoming: { position, user, identities, keys }, hashScheme };
}
