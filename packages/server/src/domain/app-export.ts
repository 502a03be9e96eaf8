import { APP_NAME_MAX_LENGTH, CLIENT_APP_ID_PATTERN, type AppSettings, type ProviderType } from '@latchkey/protocol';
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
  metadataFields: unknown;
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
    return type
      ? [
          {
            type,
            disabled: entry.disabled === true,
            config: isObject(entry.config) ? entry.config : {},
            metadataFields: entry.metadata_fields,
          },
        ]
      : [];
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

const JWT_ALGORITHMS = new Set(['RS256', 'HS256', 'ES256', 'EdDSA']);

/** App Services' metadata fields (`{required, name, field_name}`) as customJwt's. */
function metadataFieldsOf(value: unknown): NonNullable<AppSettings['customJwt']>['metadataFields'] {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isObject).flatMap((field) => {
    const name = text(field.name);
    const fieldName = text(field.field_name) ?? text(field.fieldName);
    return name ? [{ required: field.required === true, name, ...(fieldName ? { fieldName } : {}) }] : [];
  });
}

/**
 * One enabled provider of the export into the settings it needs; false when it cannot be on
 * yet (its secrets are never exported), with the step that turns it on in `toDo`.
 */
function providerSettings(entry: ProviderEntry, settings: Partial<AppSettings>, toDo: string[]): boolean {
  const { config } = entry;
  switch (entry.type) {
    case 'local-userpass':
      Object.assign(settings, userpassSettings(config, toDo));
      return true;
    case 'anon-user':
    case 'api-key':
      return true;
    case 'custom-token': {
      const algorithm = text(config.signingAlgorithm) ?? 'RS256';
      const audience =
        typeof config.audience === 'string'
          ? [config.audience]
          : Array.isArray(config.audience)
            ? config.audience.filter((a): a is string => typeof a === 'string')
            : [];
      const jwkUri = config.useJWKURI === true ? text(config.jwkURI) : null;
      if (!JWT_ALGORITHMS.has(algorithm) || !jwkUri) {
        toDo.push(
          'Custom JWT: its signing keys are secrets App Services never exports: set customJwt.keys (and algorithm), then add custom-token to providers.',
        );
        return false;
      }
      const metadataFields = metadataFieldsOf(entry.metadataFields);
      settings.customJwt = {
        algorithm: algorithm as NonNullable<AppSettings['customJwt']>['algorithm'],
        jwkUri,
        ...(audience.length ? { audience } : {}),
        ...(config.requireAnyAudience === true ? { requireAnyAudience: true } : {}),
        ...(metadataFields?.length ? { metadataFields } : {}),
      };
      return true;
    }
    case 'custom-function':
      toDo.push(
        `Custom function: serve the login function ${text(config.authFunctionName) ?? '(unnamed)'} as a webhook, create the app's webhook secret, set customFunctionWebhookUrl, then add custom-function to providers.`,
      );
      return false;
    case 'oauth2-google': {
      const clientId = text(config.clientId);
      if (!clientId) return false;
      settings.google = { clientId };
      toDo.push('Google: to take server auth codes as well as id tokens, set google.clientSecret (App Services never exports it).');
      return true;
    }
    case 'oauth2-apple': {
      const clientId = text(config.clientId);
      if (!clientId) return false;
      settings.apple = { clientId };
      return true;
    }
    case 'oauth2-facebook':
      toDo.push(
        `Facebook: set facebook: {appId: "${text(config.clientId) ?? 'your Facebook app id'}", appSecret} (App Services never exports the secret), then add oauth2-facebook to providers.`,
      );
      return false;
    default:
      return false;
  }
}

/** Reads an App Services export; refuses one without an app config naming its client app id. */
export function readAppExport(files: ExportFiles): ReadExport {
  const { clientAppId, name, origins } = appConfig(files);
  const toDo: string[] = [];
  const notServed: NotServed[] = [];
  const settings: Partial<AppSettings> = origins ? { corsOrigins: origins } : {};
  const entries = providerEntries(files);
  const enabled: ProviderType[] = [];
  for (const entry of entries.filter((candidate) => !candidate.disabled)) {
    const on = providerSettings(entry, settings, toDo);
    if (on) enabled.push(entry.type as ProviderType);
  }
  if (entries.length > 0) settings.providers = enabled;
  const source = customUserData(files, toDo, notServed);
  notServed.push(...unservedFiles(files, entries.length > 0));
  return { clientAppId, name, settings, customUserData: source, toDo, notServed };
}
