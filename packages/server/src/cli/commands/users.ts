import type { User, UserQuery } from '@latchkey/admin';
import { IDENTITY_PROVIDERS } from '@latchkey/protocol/provider-names';
import { Option, type Command } from 'commander';
import { CliError, act, requireYes, resolveUser, type CliContext } from '../context.js';
import { printDone, printList, printRecord, type Column } from '../output.js';

const emailOf = (user: User) => user.identities.find((identity) => identity.email)?.email ?? null;

const USER_COLUMNS: Column<User>[] = [
  ['ID', (user) => user._id],
  ['EMAIL', emailOf],
  ['PROVIDERS', (user) => user.identities.map((identity) => identity.provider_type)],
  ['TYPE', (user) => user.type],
  ['STATE', (user) => (user.disabled ? 'disabled' : 'enabled')],
  ['KEYS', (user) => user.api_key_count],
  ['CREATED', (user) => user.created_at],
  ['LAST LOGIN', (user) => user.last_login_at],
];

async function readPassword(options: { password?: string; passwordStdin?: boolean }): Promise<string> {
  if (options.password !== undefined) return options.password;
  if (!options.passwordStdin) throw new CliError('give the password with --password-stdin (or --password, which shell history keeps)');
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}

/** A user action that answers nothing: resolve the user, do it, say so. */
function userAction(verb: string, done: string, run: (context: CliContext, user: User) => Promise<void>, destructive = false) {
  return act(async (context, idOrEmail: string, options: { yes?: boolean }) => {
    if (destructive) requireYes(options, `Deleting ${idOrEmail}`);
    const user = await resolveUser(context, idOrEmail);
    await run(context, user);
    printDone(context, `${done} ${emailOf(user) ?? user._id}.`, { user_id: user._id, action: verb });
  });
}

export function usersCommand(program: Command): void {
  const users = program.command('users').description("the app's users: search, show, create, disable, enable, log out, delete");
  users
    .command('list')
    .description('users, newest first, a page at a time')
    .option('--email <email>', 'exactly this email')
    .addOption(new Option('--provider <provider>', 'only users with this identity').choices([...IDENTITY_PROVIDERS]))
    .addOption(new Option('--type <type>', 'normal users or server users').choices(['normal', 'server']))
    .option('--disabled', 'only disabled users')
    .option('--enabled', 'only enabled users')
    .option('--limit <n>', 'page size, 1–1000', '50')
    .option('--after <user-id>', 'the page after this user (the last id of the previous page)')
    .action(
      act(
        async (
          context,
          options: {
            email?: string;
            provider?: UserQuery['provider'];
            type?: UserQuery['type'];
            disabled?: boolean;
            enabled?: boolean;
            limit: string;
            after?: string;
          },
        ) => {
          if (options.disabled && options.enabled) throw new CliError('--disabled and --enabled exclude each other');
          const page = await context.admin.listUsers(context.app, {
            limit: Number(options.limit),
            ...(options.email ? { email: options.email } : {}),
            ...(options.provider ? { provider: options.provider } : {}),
            ...(options.type ? { type: options.type } : {}),
            ...(options.disabled ? { disabled: true } : options.enabled ? { disabled: false } : {}),
            ...(options.after ? { after: options.after } : {}),
          });
          printList(context, page, USER_COLUMNS, 'No users.');
          if (!context.json && page.length === Number(options.limit)) process.stdout.write(`More: --after ${page.at(-1)!._id}\n`);
        },
      ),
    );
  users
    .command('show')
    .description('one user, by id or email')
    .argument('<user>', 'user id or email')
    .action(
      act(async (context, idOrEmail: string) => {
        const user = await resolveUser(context, idOrEmail);
        if (context.json) return printRecord(context, user);
        printRecord(context, {
          id: user._id,
          email: emailOf(user),
          type: user.type,
          state: user.disabled ? 'disabled' : 'enabled',
          identities: user.identities.map((identity) => `${identity.provider_type}${identity.email ? ` (${identity.email})` : ''}`),
          'API keys': user.api_key_count,
          created: user.created_at,
          'last login': user.last_login_at,
          imported: user.imported_at,
        });
      }),
    );
  users
    .command('create')
    .description('a confirmed email/password user')
    .argument('<email>')
    .option('--password-stdin', 'read the password from standard input')
    .option('--password <password>', 'the password (visible in shell history and ps: prefer --password-stdin)')
    .action(
      act(async (context, email: string, options: { password?: string; passwordStdin?: boolean }) => {
        const user = await context.admin.createUser(context.app, { email, password: await readPassword(options) });
        if (context.json) return printRecord(context, user);
        printDone(context, `Created ${email} (${user._id}).`, {});
      }),
    );
  users
    .command('send-reset')
    .description('mail a password reset link to every imported email user who has no password yet, paced')
    .requiredOption('--imported', 'the users an import brought in without a password (the only choice for now)')
    .option('--per-minute <n>', 'mails per minute at most', '600')
    .option('--again', 'mail users an earlier run already mailed too')
    .action(
      act(async (context, options: { perMinute: string; again?: boolean }) => {
        const perMinute = Number(options.perMinute);
        if (!Number.isInteger(perMinute) || perMinute < 1 || perMinute > 100_000)
          throw new CliError('--per-minute must be a whole number from 1 to 100000');
        const done = await context.admin.mailResetsToImportedUsers(context.app, { perMinute, again: options.again === true });
        printDone(
          context,
          done.queued
            ? `Queued ${done.queued} reset mail${done.queued === 1 ? '' : 's'}, ${perMinute} a minute; the last is due at ${done.last_due_at}.`
            : 'No imported user without a password is left to mail (add --again to mail them once more).',
          { queued: done.queued, last_due_at: done.last_due_at },
        );
      }),
    );
  const single = (name: string, description: string) => users.command(name).description(description).argument('<user>', 'user id or email');
  single('disable', 'refuse their logins and end their sessions, on every node').action(
    userAction('disabled', 'Disabled', (context, user) => context.admin.disableUser(context.app, user._id)),
  );
  single('enable', 'let a disabled user log in again').action(
    userAction('enabled', 'Enabled', (context, user) => context.admin.enableUser(context.app, user._id)),
  );
  single('logout', 'end every session of the user').action(
    userAction('logged_out', 'Ended every session of', (context, user) => context.admin.logOutUser(context.app, user._id)),
  );
  single('delete', 'delete the user with their identities, keys and sessions')
    .option('--yes', 'confirm: this cannot be undone')
    .action(userAction('deleted', 'Deleted', (context, user) => context.admin.deleteUser(context.app, user._id), true));
}
