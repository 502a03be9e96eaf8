import type { App, AppSettings } from '@latchkey/admin';
import { durationUnitOf, humanDuration } from '@latchkey/protocol/problems';
import type { Command } from 'commander';
import { CliError, act, requireYes } from '../context.js';
import { printDone, printList, printRecord, type Column } from '../output.js';

const APP_COLUMNS: Column<App>[] = [
  ['CLIENT APP ID', (app) => app.client_app_id],
  ['NAME', (app) => app.name],
  ['PROVIDERS', (app) => app.settings.providers],
  ['CREATED', (app) => app.created_at],
];

/**
 * `name=value` pairs: a value that parses as JSON is taken as JSON (numbers, booleans, null,
 * arrays), anything else as text, so `corsOrigins='["https://a.example"]' maxUserApiKeys=5` works.
 */
export function parseSettings(pairs: string[]): Partial<AppSettings> {
  const settings: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`"${pair}" is not name=value (for example maxUserApiKeys=5)`);
    const text = pair.slice(at + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // plain text, such as a URL
    }
    settings[pair.slice(0, at)] = value;
  }
  return settings;
}

/** A lifetime setting with its length in words beside the number one types: `3600 (1 hour)`. */
function withUnit(name: string, value: unknown): unknown {
  const unit = durationUnitOf(name);
  if (!unit || typeof value !== 'number' || value === 0) return value;
  return `${value} (${humanDuration(value * unit.seconds)})`;
}

function printApp(context: Parameters<typeof printRecord>[0], app: App): void {
  if (context.json) return printRecord(context, app);
  printRecord(context, {
    'client app id': app.client_app_id,
    name: app.name,
    id: app._id,
    created: app.created_at,
    'webhook secret': app.has_webhook_secret ? 'set' : 'none',
    ...Object.fromEntries(Object.entries(app.settings).map(([name, value]) => [name, withUnit(name, value)])),
  });
}

export function appsCommand(program: Command): void {
  const apps = program.command('apps').description('list, create, show, configure and delete apps');
  apps
    .command('list')
    .description('every app')
    .action(act(async (context) => printList(context, await context.admin.listApps(), APP_COLUMNS, 'No apps.')));
  apps
    .command('create')
    .description('create an app; settings as name=value (see docs/operations.md for every setting)')
    .argument('<client-app-id>', 'the id clients use, e.g. my-app')
    .argument('[settings...]', 'name=value pairs, e.g. maxUserApiKeys=5 providers=\'["api-key"]\'')
    .option('--name <name>', 'a display name')
    .action(
      act(async (context, clientAppId: string, settings: string[], options: { name?: string }) => {
        const app = await context.admin.createApp({
          client_app_id: clientAppId,
          ...(options.name ? { name: options.name } : {}),
          ...(settings.length ? { settings: parseSettings(settings) } : {}),
        });
        if (context.json) return printRecord(context, app);
        printDone(context, `Created the app ${app.client_app_id}.`, {});
      }),
    );
  apps
    .command('show')
    .description("an app and its settings (default: --app's)")
    .argument('[app-id]', 'client app id or internal id')
    .action(act(async (context, appId: string | undefined) => printApp(context, await context.admin.getApp(appId ?? context.app))));
  apps
    .command('set')
    .description("change an app's settings")
    .argument('<app-id>', 'client app id or internal id')
    .argument('<settings...>', 'name=value pairs, e.g. accessTokenTtlSeconds=600 resetPasswordUrl=https://app.example.com/reset')
    .action(
      act(async (context, appId: string, settings: string[]) => {
        const app = await context.admin.updateApp(appId, parseSettings(settings));
        if (context.json) return printRecord(context, app);
        printDone(context, `Updated the app ${app.client_app_id}: ${settings.map((pair) => pair.split('=')[0]).join(', ')}.`, {});
      }),
    );
  apps
    .command('delete')
    .description('delete an app with its users, keys, sessions, mail and audit log')
    .argument('<app-id>', 'client app id or internal id')
    .option('--yes', 'confirm: this cannot be undone')
    .action(
      act(async (context, appId: string, options: { yes?: boolean }) => {
        requireYes(options, `Deleting the app ${appId} with all its users and keys`);
        await context.admin.deleteApp(appId);
        printDone(context, `Deleted the app ${appId}.`, { app: appId, action: 'deleted' });
      }),
    );
}
