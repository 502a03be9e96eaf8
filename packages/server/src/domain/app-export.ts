import { APP_NAME_MAX_LENGTH, CLIENT_APP_ID_PATTERN, PROVIDERS, type AppSettings, type ProviderType } from '@latchkey/protocol';
import { LatchkeyError } from '../model/errors.js';

/**
 * An App Services app's configuration, as `appservices pull` (or realm-cli) writes it, read into
 * Latchkey's settings. Every file Latchkey has no use for is listed, with what to use instead:
 * nothing is dropped in silence.
 */

/** The export's files by their path in it; JSON files parsed, any other file as null. */
export type ExportFiles = Record<string, unknown>;

export interface CustomUserDataSource {
  database: string | null;
  collection: string | null;
  userIdField: string;
}

export interface NotServed {
  /** The file, or the folder with how many files it holds. */
  path: string;
  what: string;
  instead: string;
}

export interface ReadExport {
  clientAppId: string;
  name: string;
  settings: Partial<AppSettings>;
  customUserData: CustomUserDataSource | null;
  /** Steps the operator takes by hand, each one sentence. */
  toDo: string[];
  notServed: NotServed[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

function refuse(message: string): never {
  throw new LatchkeyError('InvalidParameter', message);
}

/** Folders of an export Latchkey does not serve, and what replaces each. */
const FOLDERS: Record<string, { what: string; instead: string }> = {
  functions: { what: 'Atlas Functions', instead: 'run this code in your own backend; it can verify Latchkey access tokens with the JWKS' },
  triggers: { what: 'Triggers', instead: 'MongoDB change streams, or a scheduler in your own backend' },
  data_sources: {
    what: 'linked data sources and their rules',
    instead: 'your backend reads MongoDB with the driver and checks the user from the token',
  },
  services: { what: 'third-party services and their webhooks', instead: 'call those services from your own backend' },
  sync: { what: 'Device Sync', instead: 'no drop-in replacement: see docs/migrating.md, "What does not move"' },
  http_endpoints: { what: 'HTTPS endpoints', instead: 'routes in your own backend' },
  https_endpoints: { what: 'HTTPS endpoints', instead: 'routes in your own backend' },
  graphql: { what: 'the GraphQL API', instead: 'a GraphQL server of your own' },
  values: { what: 'Values and Secrets', instead: "your deployment's configuration" },
  environments: { what: 'environments', instead: "your deployment's configuration" },
  hosting: { what: 'static hosting', instead: 'any web server or CDN' },
  log_forwarders: { what: 'log forwarding', instead: "ship Latchkey's JSON logs with your log collector" },
  data_api: { what: 'the Data API', instead: 'the MongoDB driver in your own backend' },
};
/** Files Latchkey reads (they are not listed as not served). */
const READ_FILES = new Set([
  'realm_config.json',
  'root_config.json',
  'config.json',
  'auth/providers.json',
  'auth/custom_user_data.json',
  'custom_user_data.json',
]);

function appConfig(files: ExportFiles): { clientAppId: string; name: string; origins: string[] | null } {
  const config = [files['realm_config.json'], files['root_config.json'], files['config.json']].find(isObject);
  if (!config) refuse('the export has no realm_config.json or root_config.json (run `appservices pull` and import its folder)');
  const clientAppId = text(config.app_id) ?? text(config.client_app_id);
  if (!clientAppId || !new RegExp(CLIENT_APP_ID_PATTERN).test(clientAppId))
    refuse('realm_config.json must name the app\'s client app id in "app_id" (lower-case letters, digits and dashes, such as myapp-abcde)');
  const name = (text(config.name) ?? clientAppId).slice(0, APP_NAME_MAX_LENGTH);
  const origins = Array.isArray(config.allowed_request_origins)
    ? config.allowed_request_origins.filter((origin): origin is string => typeof origin === 'string')
    : null;
  return { clientAppId, name, origins: origins && origins.length > 0 ? origins : null };
}

interface ProviderEntry {
  type: string;
  disabled: boolean;
  config: Json;
}

/** `auth/providers.json` (an object by name, or a list), or realm-cli's `auth_providers/<name>.json`. */
function providerEntries(files: ExportFiles): ProviderEntry[] {
  const combined = files['auth/providers.json'];
  if (combined !== undefined && !Array.isArray(combined) && !isObject(combined))
    refuse('auth/providers.json must be an object of providers by name, as appservices pull writes it');
  const raw: unknown[] = Array.isArray(combined)
    ? combined
    : isObject(combined)
      ? Object.values(combined)
      : Object.entries(files)
          .filter(([path]) => /^auth_providers\/[^/]+\.json$/.test(path))
          .map(([, value]) => value);
  return raw.filter(isObject).flatMap((entry) => {
    const type = text(entry.type) ?? text(entry.name);
    return type ? [{ type, disabled: entry.disabled === true, config: isObject(entry.config) ? entry.config : {} }] : [];
  });
}

function userpassSettings(config: Json, toDo: string[]): Partial<AppSettings> {
  const settings: Partial<AppSettings> = {};
  if (typeof config.autoConfirm === 'boolean') settings.autoConfirm = config.autoConfirm;
  for (const name of ['emailConfirmationUrl', 'resetPasswordUrl'] as const) {
    const value = text(config[name]);
    if (value) settings[name] = value;
  }
  for (const name of ['confirmEmailSubject', 'resetPasswordSubject'] as const) {
    const value = text(config[name]);
    if (value) settings[name] = value;
  }
  if (config.runConfirmationFunction === true)
    toDo.push(
      `Confirmations ran the function ${text(config.confirmationFunctionName) ?? '(unnamed)'}: serve its logic as a webhook, create the app's webhook secret, then set confirmationWebhookUrl.`,
    );
  if (config.runResetFunction === true)
    toDo.push(
      `Password resets ran the function ${text(config.resetFunctionName) ?? '(unnamed)'}: serve its logic as a webhook, create the app's webhook secret, then set resetWebhookUrl.`,
    );
  return settings;
}

function customUserData(files: ExportFiles, toDo: string[], notServed: NotServed[]): CustomUserDataSource | null {
  const config = [files['auth/custom_user_data.json'], files['custom_user_data.json']].find(isObject);
  if (!config || config.enabled !== true) return null;
  const source = {
    database: text(config.database_name),
    collection: text(config.collection_name),
    userIdField: text(config.user_id_field) ?? 'user_id',
  };
  toDo.push(
    `Export the custom user data (mongoexport --db ${source.database ?? 'DB'} --collection ${source.collection ?? 'COLLECTION'} --out custom-data.jsonl) and import it with --user-id-field ${source.userIdField}.`,
  );
  const onCreation = text(config.on_user_creation_function_name);
  if (onCreation)
    notServed.push({
      path: 'auth/custom_user_data.json',
      what: `the user creation function ${onCreation}`,
      instead: "set new users' custom data from your backend (PUT /api/admin/v1/apps/{app}/users/{id}/custom_data)",
    });
  return source;
}

function unservedFiles(files: ExportFiles, readProviders: boolean): NotServed[] {
  const folders = new Map<string, number>();
  const loose: NotServed[] = [];
  for (const path of Object.keys(files).sort()) {
    if (READ_FILES.has(path) || (readProviders && path.startsWith('auth_providers/'))) continue;
    const [top] = path.split('/');
    if (top && path.includes('/') && top !== 'auth') folders.set(top, (folders.get(top) ?? 0) + 1);
    else loose.push({ path, what: 'a file Latchkey does not read', instead: 'nothing moves from it; check it by hand' });
  }
  const grouped = [...folders].map(([folder, count]) => ({
    path: `${folder}/ (${count} file${count === 1 ? '' : 's'})`,
    ...(FOLDERS[folder] ?? { what: 'a part of App Services Latchkey does not serve', instead: 'nothing moves from it; check it by hand' }),
  }));
  return [...grouped, ...loose];
}

/** Reads an App Services export; refuses one without an app config naming its client app id. */
export function readAppExport(files: ExportFiles): ReadExport {
  const { clientAppId, name, origins } = appConfig(files);
  const toDo: string[] = [];
  const notServed: NotServed[] = [];
  const settings: Partial<AppSettings> = origins ? { corsOrigins: origins } : {};
  const entries = providerEntries(files);
  if (entries.length > 0) {
    settings.providers = entries
      .filter((entry) => !entry.disabled && (PROVIDERS as readonly string[]).includes(entry.type))
      .map((entry) => entry.type as ProviderType);
  }
  for (const entry of entries) {
    if (entry.type === 'local-userpass') Object.assign(settings, userpassSettings(entry.config, toDo));
    else if (!entry.disabled && !(PROVIDERS as readonly string[]).includes(entry.type))
      notServed.push({
        path: 'auth/providers.json',
        what: `the ${entry.type} login provider`,
        instead: "not served yet: its users' identities are imported and kept, and log in once Latchkey serves it",
      });
  }
  const source = customUserData(files, toDo, notServed);
  notServed.push(...unservedFiles(files, entries.length > 0));
  return { clientAppId, name, settings, customUserData: source, toDo, notServed };
}
