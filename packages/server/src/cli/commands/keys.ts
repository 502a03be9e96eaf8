import type { ApiKey } from '@latchkey/admin';
import type { Command } from 'commander';
import { act, requireYes, resolveUser, resolveUserKey, type CliContext } from '../context.js';
import { printDone, printList, printRecord, type Column } from '../output.js';

export const KEY_COLUMNS: Column<ApiKey>[] = [
  ['ID', (key) => key._id],
  ['NAME', (key) => key.name],
  ['STATE', (key) => (key.disabled ? 'disabled' : 'enabled')],
  ['SCOPES', (key) => key.scopes],
  ['CREATED', (key) => key.created_at],
  ['LAST USED', (key) => key.last_used_at],
  ['EXPIRES', (key) => key.expires_at],
];

/** One key for people: the same words as the table's columns; the wire object with --json. */
export function printKey(context: CliContext, key: ApiKey, owner?: string): void {
  if (context.json) return printRecord(context, key);
  printRecord(context, {
    Name: key.name,
    ID: key._id,
    ...(owner ? { Owner: owner } : {}),
    State: key.disabled ? 'disabled' : 'enabled',
    Scopes: key.scopes.length ? key.scopes : 'all (unscoped)',
    Created: key.created_at,
    'Last used': key.last_used_at ?? 'never',
    Expires: key.expires_at ?? 'never',
    'Previous secret':
      key.previous_secret_valid_until && Date.parse(key.previous_secret_valid_until) > Date.now()
        ? `logs in until ${key.previous_secret_valid_until} (rotated)`
        : 'none',
  });
}

/** A user's API keys (the keys they made for their devices and scripts). */
export function keysCommand(program: Command): void {
  const keys = program.command('keys').description("a user's API keys: list, show, disable, enable, delete");
  keys
    .command('list')
    .description("a user's keys (never their secrets)")
    .argument('<user>', 'user id or email')
    .action(
      act(async (context, idOrEmail: string) => {
        const user = await resolveUser(context, idOrEmail);
        printList(context, await context.admin.listUserKeys(context.app, user._id), KEY_COLUMNS, 'No API keys.');
      }),
    );
  keys
    .command('show')
    .description('one key of a user')
    .argument('<user>', 'user id or email')
    .argument('<key>', 'key name or id')
    .action(
      act(async (context, idOrEmail: string, nameOrId: string) => {
        const user = await resolveUser(context, idOrEmail);
        printKey(context, await resolveUserKey(context, user, nameOrId), user._id);
      }),
    );
  const change = (name: 'disable' | 'enable' | 'delete', description: string, done: string) =>
    keys
      .command(name)
      .description(description)
      .argument('<user>', 'user id or email')
      .argument('<key>', 'key name or id')
      .action(
        act(async (context, idOrEmail: string, nameOrId: string, options: { yes?: boolean }) => {
          if (name === 'delete') requireYes(options, `Deleting the key ${nameOrId}`);
          const user = await resolveUser(context, idOrEmail);
          const key = await resolveUserKey(context, user, nameOrId);
          const run = { disable: context.admin.disableUserKey, enable: context.admin.enableUserKey, delete: context.admin.deleteUserKey }[
            name
          ];
          await run(context.app, user._id, key._id);
          printDone(context, `${done} the key ${key.name} (${key._id}).`, { key_id: key._id, user_id: user._id, action: `${name}d` });
        }),
      );
  change('disable', 'refuse its logins and end the sessions it opened', 'Disabled');
  change('enable', 'let a disabled key log in again', 'Enabled');
  change('delete', 'delete the key and end the sessions it opened', 'Deleted').option('--yes', 'confirm: this cannot be undone');
}
