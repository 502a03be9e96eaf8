import { type AppSettings } from '@latchkey/protocol';
import { newObjectId } from '../crypto/ids.js';
import { isSealed } from '../crypto/sealed-secrets.js';
import { DEFAULT_APP_SETTINGS, mergeAppSettings, type App, type ServerCapabilities } from '../model/apps.js';
import { newWebhookSecret } from './webhook-secrets.js';
import { readAppExport, type ExportFiles, type ReadExport } from './app-export.js';
import { checkCustomJwtKeys } from './custom-jwt.js';
import { sealSettingSecrets, secretsIn } from './provider-secrets.js';
import type { Origin } from '../model/audit-events.js';
import type { Deps, DepsWith } from './deps.js';
import type { AppStats } from '../model/app-stats.js';
import { LatchkeyError } from '../model/errors.js';
import type { Session } from '../model/sessions.js';
import type { AppStore, AuditStore } from '../store/store.js';

/** The store roles this file's services use. */
type Uses = DepsWith<AppStore & AuditStore>;

const capabilitiesOf = (deps: Uses): ServerCapabilities => ({ mail: deps.mail !== null });

/**
 * Settings as stored: every key checked against its algorithm, secret ones sealed. A value in
 * sealed form can only be one kept from the current settings ("(secret)" in an update): given
 * as input, it would skip the checks, so it is refused.
 */
function storedSettings(deps: Uses, appId: string, settings: AppSettings, current: AppSettings | null = null): AppSettings {
  const held = new Set(current ? secretsIn(current) : []);
  // Every custom JWT key, not only the secret (HS256) ones: a sealed-looking public key would skip its check too.
  const given = [...secretsIn(settings), ...(settings.customJwt?.keys ?? [])];
  if (given.some((value) => isSealed(value) && !held.has(value)))
    throw new LatchkeyError('InvalidParameter', 'a secret setting was given in sealed form: give the secret itself');
  checkCustomJwtKeys(settings.customJwt);
  return sealSettingSecrets(settings, appId, deps.secretKeys);
}

export async function findAppOrFail(deps: Pick<Deps, 'apps'>, clientAppId: string): Promise<App> {
  const app = await deps.apps.findByClientAppId(clientAppId);
  if (!app) throw new LatchkeyError('AppNotFound', 'no app has that client app id');
  return app;
}

export async function appOfSession(deps: Pick<Deps, 'apps'>, session: Session): Promise<App> {
  const app = await deps.apps.findById(session.appId);
  // Apps are never deleted while sessions reference them (the foreign key cascades).
  if (!app) throw new LatchkeyError('InvalidSession');
  return app;
}

export interface NewApp {
  clientAppId: string;
  name?: string | undefined;
  settings?: Partial<AppSettings> | undefined;
}

export async function createApp(deps: Uses, input: NewApp, origin: Origin): Promise<App> {
  const id = newObjectId(deps.clock.now());
  const app: App = {
    id,
    clientAppId: input.clientAppId,
    name: input.name ?? input.clientAppId,
    settings: storedSettings(deps, id, mergeAppSettings(DEFAULT_APP_SETTINGS, input.settings ?? {}, capabilitiesOf(deps))),
    webhookSecret: null,
    createdAt: deps.clock.now(),
  };
  if ((await deps.store.insertApp(app)) === 'duplicate') throw new LatchkeyError('AppAlreadyExists');
  deps.apps.remember(app);
  deps.audit.record(app.id, 'app.created', origin, { detail: { client_app_id: app.clientAppId } });
  return app;
}

export async function updateAppSettings(deps: Uses, app: App, update: Partial<AppSettings>, origin: Origin): Promise<App> {
  const settings = storedSettings(
    deps,
    app.id,
    mergeAppSettings(app.settings, update, capabilitiesOf(deps), app.webhookSecret !== null),
    app.settings,
  );
  await deps.store.updateAppSettings(app.id, settings);
  const updated = { ...app, settings };
  deps.apps.remember(updated);
  deps.audit.record(app.id, 'app.settings_changed', origin, { detail: { changed: Object.keys(update) } });
  return updated;
}

/** Deletes the app with everything in it; its events go too (they belong to it). */
export async function deleteApp(deps: Uses, app: App): Promise<App> {
  if (!(await deps.store.deleteApp(app.id))) throw new LatchkeyError('AppNotFound');
  deps.apps.forget(app);
  return app;
}

/** Makes (or replaces) the app's webhook secret; the answer is the only time it is shown. */
export async function rotateWebhookSecret(deps: Uses, app: App, origin: Origin): Promise<string> {
  const { secret, stored } = newWebhookSecret(app, deps.secretKeys);
  await deps.store.setWebhookSecret(app.id, stored);
  deps.apps.remember({ ...app, webhookSecret: stored });
  deps.audit.record(app.id, 'app.webhook_secret_rotated', origin);
  return secret;
}

/** The app's counts now, and its logins over the last `hours` hours (whole hours, the current one included). */
export async function appStats(deps: Uses, app: App, hours: number): Promise<AppStats & { since: number }> {
  const now = deps.clock.now();
  const since = Math.floor(now / 3_600_000) * 3_600_000 - (hours - 1) * 3_600_000;
  // This node's recent events first, so the current hour counts the logins just made here.
  await deps.audit.flush();
  return { since, ...(await deps.store.appStats(app.id, since, now)) };
}

export interface AppImport {
  app: App;
  /** `created` (or, in a dry run, would be); `present`: an app with that client app id exists, and was left as it is. */
  status: 'created' | 'present';
  read: ReadExport;
}

/**
 * Creates the app an App Services export describes, under the same client app id (so clients
 * change only their base URL), with the settings it maps to; `overrides` win over the export's.
 * Importing it again changes nothing.
 */
export async function importApp(
  deps: Uses,
  files: ExportFiles,
  overrides: Partial<AppSettings>,
  dryRun: boolean,
  origin: Origin,
): Promise<AppImport> {
  const read = readAppExport(files);
  const existing = await deps.apps.findByClientAppId(read.clientAppId);
  if (existing) return { app: existing, status: 'present', read };
  let settings: AppSettings;
  try {
    settings = mergeAppSettings(DEFAULT_APP_SETTINGS, { ...read.settings, ...overrides }, capabilitiesOf(deps));
  } catch (error) {
    if (!(error instanceof LatchkeyError)) throw error;
    throw new LatchkeyError(
      'InvalidParameter',
      `the export's settings cannot be used on this server: ${error.message}. Fix that, or override the setting (latchkey import app --set name=value)`,
    );
  }
  const now = deps.clock.now();
  const id = newObjectId(now);
  const app: App = {
    id,
    clientAppId: read.clientAppId,
    name: read.name,
    settings: storedSettings(deps, id, settings),
    webhookSecret: null,
    createdAt: now,
  };
  if (dryRun) return { app, status: 'created', read };
  if ((await deps.store.insertApp(app)) === 'duplicate')
    return { app: await findAppOrFail(deps, app.clientAppId), status: 'present', read };
  deps.apps.remember(app);
  deps.audit.record(app.id, 'app.imported', origin, {
    detail: { client_app_id: app.clientAppId, not_served: read.notServed.length, to_do: read.toDo.length },
  });
  return { app, status: 'created', read };
}
