import { type AppSettings } from '@latchkey/protocol';
import { ANNOUNCE } from '../../model/store-changes.js';
import type { App } from '../../model/apps.js';
import { announce, firstRow, rows, run, type Op } from './driver.js';
import { toApp, type AppRow } from './rows.js';

/** Apps and server-wide secrets. */

export function* insertServerSecretIfAbsent(name: string, value: string): Op<string> {
  yield* run('INSERT INTO server_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', [name, value]);
  const row = yield* firstRow<{ value: string }>('SELECT value FROM server_secrets WHERE name = ?', [name]);
  if (!row) throw new Error(`server secret ${name} vanished`);
  return row.value;
}

export function* findServerSecret(name: string): Op<string | null> {
  return (yield* firstRow<{ value: string }>('SELECT value FROM server_secrets WHERE name = ?', [name]))?.value ?? null;
}

/** The signing keys, replaced only if they are still `expected` (two rotations at once: one wins), announced to every node. */
export function* replaceSigningKeys(expected: string, value: string): Op<boolean> {
  if ((yield* run("UPDATE server_secrets SET value = ? WHERE name = 'signing-keys' AND value = ?", [value, expected])) !== 1) return false;
  yield* announce(ANNOUNCE.signingKeysChanged());
  return true;
}

export function* insertApp(app: App): Op<void> {
  yield* run('INSERT INTO apps (id, client_app_id, name, settings, created_at) VALUES (?, ?, ?, ?, ?)', [
    app.id,
    app.clientAppId,
    app.name,
    JSON.stringify(app.settings),
    app.createdAt,
  ]);
  yield* announce(ANNOUNCE.appsChanged());
}

export function* findAppByClientId(clientAppId: string): Op<App | null> {
  const row = yield* firstRow<AppRow>('SELECT * FROM apps WHERE client_app_id = ?', [clientAppId]);
  return row ? toApp(row) : null;
}

export function* findAppById(id: string): Op<App | null> {
  const row = yield* firstRow<AppRow>('SELECT * FROM apps WHERE id = ?', [id]);
  return row ? toApp(row) : null;
}

export function* listApps(): Op<App[]> {
  return (yield* rows<AppRow>('SELECT * FROM apps ORDER BY created_at, id')).map(toApp);
}

export function* updateAppSettings(appId: string, settings: AppSettings): Op<void> {
  if ((yield* run('UPDATE apps SET settings = ? WHERE id = ?', [JSON.stringify(settings), appId])) === 1)
    yield* announce(ANNOUNCE.appsChanged());
}

export function* setWebhookSecret(appId: string, secret: string): Op<void> {
  if ((yield* run('UPDATE apps SET webhook_secret = ? WHERE id = ?', [secret, appId])) === 1) yield* announce(ANNOUNCE.appsChanged());
}

export function* replaceWebhookSecret(appId: string, from: string, to: string): Op<boolean> {
  if ((yield* run('UPDATE apps SET webhook_secret = ? WHERE id = ? AND webhook_secret = ?', [to, appId, from])) !== 1) return false;
  yield* announce(ANNOUNCE.appsChanged());
  return true;
}

/** Cascades to the app's users, identities, keys, sessions, tokens, mail and events. */
export function* deleteApp(appId: string): Op<boolean> {
  if ((yield* run('DELETE FROM apps WHERE id = ?', [appId])) !== 1) return false;
  yield* announce(ANNOUNCE.everythingStale());
  return true;
}

/** The newest migration applied to the database (by this node or another). */
export function* appliedSchemaVersion(): Op<number> {
  return (yield* firstRow<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations'))?.version ?? 0;
}
