import type { Command } from 'commander';
import { act, requireYes, resolveServerKey } from '../context.js';
import { printDone, printList, printRecord } from '../output.js';
import { KEY_COLUMNS, printKey } from './keys.js';

/** The app's server API keys: each logs in as the app's own server user. */
export function serverKeysCommand(program: Command): void {
  const keys = program.command('server-keys').description("the app's server API keys: create, list, disable, enable, delete");
  keys
    .command('create')
    .description('a new server key; its secret is shown this once')
    .argument('<name>', '1–64 letters, digits, _ or -')
    .action(
      act(async (context, name: string) => {
        const created = await context.admin.createServerKey(context.app, name);
        if (context.json) return printRecord(context, created);
        process.stdout.write(
          `Created the server key ${created.name} (${created._id}). Its secret, shown only this once:\n\n  ${created.key}\n\n`,
        );
        process.stderr.write('Store it now: Latchkey keeps only its hash and cannot show it again.\n');
      }),
    );
  keys
    .command('list')
    .description("the app's server keys (never their secrets)")
    .action(act(async (context) => printList(context, await context.admin.listServerKeys(context.app), KEY_COLUMNS, 'No server keys.')));
  keys
    .command('show')
    .description('one server key')
    .argument('<key>', 'key name or id')
    .action(act(async (context, nameOrId: string) => printKey(context, await resolveServerKey(context, nameOrId))));
  const change = (name: 'disable' | 'enable' | 'delete', description: string, done: string) =>
    keys
      .command(name)
      .description(description)
      .argument('<key>', 'key name or id')
      .action(
        act(async (context, nameOrId: string, options: { yes?: boolean }) => {
          if (name === 'delete') requireYes(options, `Deleting the server key ${nameOrId}`);
          const key = await resolveServerKey(context, nameOrId);
          const run = {
            disable: context.admin.disableServerKey,
            enable: context.admin.enableServerKey,
            delete: context.admin.deleteServerKey,
          }[name];
          await run(context.app, key._id);
          printDone(context, `${done} the server key ${key.name} (${key._id}).`, { key_id: key._id, action: `${name}d` });
        }),
      );
  change('disable', 'refuse its logins and end the sessions it opened', 'Disabled');
  change('enable', 'let a disabled server key log in again', 'Enabled');
  change('delete', 'delete the key and end the sessions it opened', 'Deleted').option('--yes', 'confirm: this cannot be undone');
}
