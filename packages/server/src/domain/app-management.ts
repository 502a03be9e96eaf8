import { newObjectId } from '../crypto/ids.js';
import { DEFAULT_APP_SETTINGS, mergeAppSettings, type App, type AppSettings } from './apps.js';
import type { Deps } from './deps.js';
import { LatchkeyError } from './errors.js';
import type { Session } from './sessions.js';

export async function findAppOrFail(deps: Deps, clientAppId: string): Promise<App> {
  const app = await deps.apps.findByClientAppId(clientAppId);
  if (!app) throw new LatchkeyError('AppNotFound', 'no app has that client app id');
  return app;
}

export async function appOfSession(deps: Deps, session: Session): Promise<App> {
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

export async function createApp(deps: Deps, input: NewApp): Promise<App> {
  const app: App = {
    id: newObjectId(deps.clock.now()),
    clientAppId: input.clientAppId,
    name: input.name ?? input.clientAppId,
    settings: mergeAppSettings(DEFAULT_APP_SETTINGS, input.settings ?? {}),
    createdAt: deps.clock.now(),
  };
  if ((await deps.store.insertApp(app)) === 'duplicate') throw new LatchkeyError('AppAlreadyExists');
  deps.apps.remember(app);
  return app;
}

export async function updateAppSettings(deps: Deps, clientAppId: string, update: Partial<AppSettings>): Promise<App> {
  const app = await findAppOrFail(deps, clientAppId);
  const settings = mergeAppSettings(app.settings, update);
  await deps.store.updateAppSettings(app.id, settings);
  const updated = { ...app, settings };
  deps.apps.remember(updated);
  return updated;
}
