import { refusalOf } from '@latchkey/errors';
import { LatchkeyAdminError } from './errors.js';
import { ADMIN_PREFIX, ADMIN_ROUTES, METRICS_PATH, type AdminRoute } from './routes.js';
import type {
  ApiKey,
  SigningKey,
  App,
  AppStats,
  AppSettings,
  AppImportReport,
  AuditEvent,
  AuditQuery,
  CreatedApiKey,
  CustomUserData,
  CustomDataImportReport,
  DeploymentImportAbandoned,
  DeploymentImportProgress,
  DeploymentImportStarted,
  ImportBody,
  ImportOptions,
  NewApp,
  PendingRegistration,
  QueuedMail,
  ResetCampaign,
  User,
  UserImportReport,
  UserQuery,
} from './types.js';

export interface AdminClientOptions {
  /** Where Latchkey is, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** The admin token (printed at the first start, or LATCHKEY_ADMIN_TOKEN). */
  token: string;
  /** Defaults to the global fetch (Node 18+, browsers). */
  fetch?: typeof fetch;
}

type Params = Record<string, string>;
type Query = Record<string, string | number | boolean | Date | undefined>;

function fill(path: string, params: Params): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`missing ${name}`);
    return encodeURIComponent(value);
  });
}

function queryString(query: Query | undefined): string {
  const entries = Object.entries(query ?? {}).filter(
    (entry): entry is [string, string | number | boolean | Date] => entry[1] !== undefined,
  );
  if (entries.length === 0) return '';
  return (
    '?' +
    new URLSearchParams(entries.map(([name, value]) => [name, value instanceof Date ? value.toISOString() : String(value)])).toString()
  );
}

const importQuery = (options: ImportOptions): Query => ({ dry_run: options.dryRun, start: options.start, unit: options.unit });
const contentTypeOf = (options: ImportOptions) => (options.format === 'json' ? 'application/json' : 'application/x-ndjson');

/**
 * Latchkey's admin API, typed: apps, server keys, users and their keys, registrations, the
 * mail queue, the audit log, metrics, backups and deployment moves. Every failure is a LatchkeyAdminError.
 *
 * @example
 * ```ts
 * import { LatchkeyAdmin } from '@latchkey/admin';
 *
 * const admin = new LatchkeyAdmin({ baseUrl: 'http://127.0.0.1:8080', token: process.env.LATCHKEY_ADMIN_TOKEN! });
 * const [user] = await admin.listUsers('my-app', { email: 'leaked@example.com' });
 * if (user) await admin.disableUser('my-app', user._id);
 * ```
 */
export class LatchkeyAdmin {
  private readonly baseUrl: string;
  private readonly token: string;
  private readonly fetchImpl: typeof fetch;

  constructor(options: AdminClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** One request; answers the response when it is a success, throws a LatchkeyAdminError otherwise. */
  private async respond(method: string, path: string, body?: unknown, raw?: { body: ImportBody; contentType: string }): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (body !== undefined || raw) headers['content-type'] = raw ? raw.contentType : 'application/json';
    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + path, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        // A stream is sent as it is read (Node's fetch asks for half duplex to send one).
        ...(raw ? { body: raw.body as BodyInit, duplex: 'half' } : {}),
      });
    } catch (error) {
      // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, …) is its cause.
      const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
      const reason =
        typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : (error as Error).message;
      throw new LatchkeyAdminError(
        0,
        'NetworkError',
        `could not reach Latchkey at ${this.baseUrl}: ${reason}`,
        `${method} ${path.split('?')[0]}`,
      );
    }
    if (response.ok) return response;
    const { code, message } = refusalOf(response.status, await response.json().catch(() => null));
    throw new LatchkeyAdminError(response.status, code, message, `${method} ${path.split('?')[0]}`);
  }

  private async call<T>(
    route: AdminRoute,
    params: Params = {},
    options: { query?: Query; body?: unknown; raw?: { body: ImportBody; contentType: string } } = {},
  ): Promise<T> {
    const [method, path] = ADMIN_ROUTES[route];
    const response = await this.respond(method, ADMIN_PREFIX + fill(path, params) + queryString(options.query), options.body, options.raw);
    if (response.status === 204) return undefined as T;
    if (!response.headers.get('content-type')?.startsWith('application/json')) {
      throw new LatchkeyAdminError(response.status, 'BadResponse', `expected JSON from ${method} ${path}`);
    }
    return (await response.json()) as T;
  }

  listApps = (): Promise<App[]> => this.call('listApps');
  createApp = (app: NewApp): Promise<App> => this.call('createApp', {}, { body: app });
  getApp = (appId: string): Promise<App> => this.call('getApp', { appId });
  updateApp = (appId: string, settings: Partial<AppSettings>): Promise<App> => this.call('updateApp', { appId }, { body: { settings } });
  /** Deletes the app with its users, keys, sessions, mail and audit log. */
  deleteApp = (appId: string): Promise<void> => this.call('deleteApp', { appId });

  createServerKey = (appId: string, name: string): Promise<CreatedApiKey> => this.call('createServerKey', { appId }, { body: { name } });
  listServerKeys = (appId: string): Promise<ApiKey[]> => this.call('listServerKeys', { appId });
  getServerKey = (appId: string, keyId: string): Promise<ApiKey> => this.call('getServerKey', { appId, keyId });
  enableServerKey = (appId: string, keyId: string): Promise<void> => this.call('enableServerKey', { appId, keyId });
  disableServerKey = (appId: string, keyId: string): Promise<void> => this.call('disableServerKey', { appId, keyId });
  deleteServerKey = (appId: string, keyId: string): Promise<void> => this.call('deleteServerKey', { appId, keyId });

  /** One page of users, newest first. */
  listUsers = (appId: string, query: UserQuery = {}): Promise<User[]> => this.call('listUsers', { appId }, { query: { ...query } });
  /** A confirmed email/password user. */
  createUser = (appId: string, user: { email: string; password: string }): Promise<User> =>
    this.call('createUser', { appId }, { body: user });
  getUser = (appId: string, userId: string): Promise<User> => this.call('getUser', { appId, userId });
  deleteUser = (appId: string, userId: string): Promise<void> => this.call('deleteUser', { appId, userId });
  /** Refuses every login of the user and ends all their sessions, on every node. */
  disableUser = (appId: string, userId: string): Promise<void> => this.call('disableUser', { appId, userId });
  enableUser = (appId: string, userId: string): Promise<void> => this.call('enableUser', { appId, userId });
  /** Ends every session of the user. */
  logOutUser = (appId: string, userId: string): Promise<void> => this.call('logOutUser', { appId, userId });
  getCustomData = (appId: string, userId: string): Promise<CustomUserData> => this.call('getCustomData', { appId, userId });
  setCustomData = (appId: string, userId: string, data: CustomUserData): Promise<void> =>
    this.call('setCustomData', { appId, userId }, { body: data });

  listUserKeys = (appId: string, userId: string): Promise<ApiKey[]> => this.call('listUserKeys', { appId, userId });
  getUserKey = (appId: string, userId: string, keyId: string): Promise<ApiKey> => this.call('getUserKey', { appId, userId, keyId });
  disableUserKey = (appId: string, userId: string, keyId: string): Promise<void> => this.call('disableUserKey', { appId, userId, keyId });
  enableUserKey = (appId: string, userId: string, keyId: string): Promise<void> => this.call('enableUserKey', { appId, userId, keyId });
  deleteUserKey = (appId: string, userId: string, keyId: string): Promise<void> => this.call('deleteUserKey', { appId, userId, keyId });

  listPendingRegistrations = (appId: string, options: { limit?: number } = {}): Promise<PendingRegistration[]> =>
    this.call('listPendingRegistrations', { appId }, { query: { ...options } });
  confirmRegistration = (appId: string, email: string): Promise<void> => this.call('confirmRegistration', { appId, email });
  resendConfirmation = (appId: string, email: string): Promise<void> => this.call('resendConfirmation', { appId, email });
  /** Makes (or replaces) the app's webhook signing secret: this answer is the only time it is shown. */
  rotateWebhookSecret = async (appId: string): Promise<string> =>
    (await this.call<{ secret: string }>('rotateWebhookSecret', { appId })).secret;

  listMail = (options: { limit?: number } = {}): Promise<QueuedMail[]> => this.call('listMail', {}, { query: { ...options } });
  /** Makes every queued mail due now, given-up mail included; answers how many. */
  retryMail = async (): Promise<number> => (await this.call<{ queued: number }>('retryMail')).queued;

  /**
   * Creates the app an App Services export describes (`appservices pull`), under the same
   * client app id: `files` maps each path in the export to its parsed JSON (null for other
   * files). `settings` override what the export says. Importing it again changes nothing.
   */
  importApp = (
    files: Record<string, unknown>,
    options: { settings?: Partial<AppSettings>; dryRun?: boolean } = {},
  ): Promise<AppImportReport> =>
    this.call(
      'importApp',
      {},
      { body: { files, ...(options.settings ? { settings: options.settings } : {}), dry_run: options.dryRun ?? false } },
    );
  /** Imports users as App Services lists them (JSON Lines or an array), keeping their ids; the same file twice changes nothing. */
  importUsers = (appId: string, body: ImportBody, options: ImportOptions = {}): Promise<UserImportReport> =>
    this.call('importUsers', { appId }, { query: importQuery(options), raw: { body, contentType: contentTypeOf(options) } });
  /** Imports custom user data from a `mongoexport` of the custom-data collection (Extended JSON). */
  importCustomData = (
    appId: string,
    body: ImportBody,
    options: ImportOptions & { userIdField?: string } = {},
  ): Promise<CustomDataImportReport> =>
    this.call(
      'importCustomData',
      { appId },
      {
        query: { ...importQuery(options), user_id_field: options.userIdField },
        raw: { body, contentType: contentTypeOf(options) },
      },
    );
  /** Queues a reset mail for every imported email user still without a password, `perMinute` at most (600 by default). */
  mailResetsToImportedUsers = (appId: string, options: { perMinute?: number; again?: boolean } = {}): Promise<ResetCampaign> =>
    this.call('mailResetsToImportedUsers', { appId }, { body: { per_minute: options.perMinute, again: options.again } });

  /** The token-signing keys, the signing one first. */
  listSigningKeys = (): Promise<SigningKey[]> => this.call('listSigningKeys');
  /** A new signing key for every node; the previous ones verify until their tokens expire. Returns the keys after. */
  rotateSigningKeys = (): Promise<SigningKey[]> => this.call('rotateSigningKeys');

  /** One page of the app's audit log, newest first. */
  listAuditEvents = (appId: string, query: AuditQuery = {}): Promise<AuditEvent[]> =>
    this.call('listAuditEvents', { appId }, { query: { ...query } });

  /** The app's users and keys now, and its logins over the last `hours` (default 24, at most 744) by hour, provider and outcome. */
  getStats = (appId: string, options: { hours?: number } = {}): Promise<AppStats> =>
    this.call('getStats', { appId }, { query: { ...options } });

  /**
   * Every matching event, newest first, fetched a page at a time.
   *
   * @example
   * ```ts
   * for await (const event of admin.auditEvents('my-app', { type: 'login.failed' })) console.log(event.at, event.ip);
   * ```
   */
  async *auditEvents(appId: string, query: Omit<AuditQuery, 'after'> = {}): AsyncGenerator<AuditEvent> {
    yield* this.pages((after) => this.listAuditEvents(appId, { ...query, after }));
  }

  /** Every matching user, newest first, fetched a page at a time. */
  async *users(appId: string, query: Omit<UserQuery, 'after'> = {}): AsyncGenerator<User> {
    yield* this.pages((after) => this.listUsers(appId, { ...query, after }));
  }

  private async *pages<T extends { _id: string }>(page: (after: string | undefined) => Promise<T[]>): AsyncGenerator<T> {
    let after: string | undefined;
    for (;;) {
      const items = await page(after);
      yield* items;
      if (items.length === 0) return;
      after = items[items.length - 1]!._id;
    }
  }

  /**
   * A consistent copy of the server's SQLite database, as a stream (`application/vnd.sqlite3`).
   * On PostgreSQL it throws `BackupNotSupported`: use pg_dump.
   */
  async backup(): Promise<ReadableStream<Uint8Array>> {
    const [method, path] = ADMIN_ROUTES.backup;
    const response = await this.respond(method, ADMIN_PREFIX + path);
    if (!response.body) throw new LatchkeyAdminError(response.status, 'BadResponse', 'the backup answer has no body');
    return response.body;
  }

  /**
   * Everything the deployment holds, as a stream of JSON Lines (docs/deployment-file.md),
   * consistent as of one moment. Without LATCHKEY_SECRET_KEY on the server it throws
   * `ClearSecretsRefused` unless `includeClearSecrets` is set.
   */
  async exportDeployment(options: { auditLog?: boolean; includeClearSecrets?: boolean } = {}): Promise<ReadableStream<Uint8Array>> {
    const [method, path] = ADMIN_ROUTES.exportDeployment;
    const query = queryString({ audit_log: options.auditLog, include_clear_secrets: options.includeClearSecrets });
    const response = await this.respond(method, ADMIN_PREFIX + path + query);
    if (!response.body) throw new LatchkeyAdminError(response.status, 'BadResponse', 'the export answer has no body');
    return response.body;
  }

  /** Begins importing a deployment file: its first line, exactly as written. */
  startDeploymentImport = (header: string, options: { merge?: boolean } = {}): Promise<DeploymentImportStarted> =>
    this.call('startDeploymentImport', {}, { body: { header, merge: options.merge } });
  /** The file's next lines from `from` (whole blocks, ending with a check or the trailer); the last part finishes the import. */
  sendDeploymentLines = (importId: string, from: number, lines: ImportBody): Promise<DeploymentImportProgress> =>
    this.call('sendDeploymentLines', { importId }, { query: { from }, raw: { body: lines, contentType: 'application/x-ndjson' } });
  /** Undoes an unfinished deployment import. */
  abandonDeploymentImport = (): Promise<DeploymentImportAbandoned> => this.call('abandonDeploymentImport');

  /** The Prometheus text exposition. */
  async metrics(): Promise<string> {
    return (await this.respond('GET', METRICS_PATH)).text();
  }
}
