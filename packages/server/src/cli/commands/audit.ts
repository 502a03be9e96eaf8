import type { AuditEvent, AuditQuery } from '@latchkey/admin';
import { AUDIT_EVENT_TYPES } from '@latchkey/protocol/event-types';
import { Option, type Command } from 'commander';
import { CliError, OBJECT_ID, act, resolveServerKey, resolveUser, resolveUserKey, type CliContext } from '../context.js';
import { printList, type Column } from '../output.js';

const AUDIT_COLUMNS: Column<AuditEvent>[] = [
  ['AT', (event) => event.at],
  ['TYPE', (event) => event.type],
  ['ACTOR', (event) => event.actor],
  ['USER', (event) => event.user_id],
  ['KEY', (event) => event.key_id],
  ['IP', (event) => event.ip],
  ['DETAIL', (event) => (Object.keys(event.detail).length ? event.detail : null)],
];

function time(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (Number.isNaN(Date.parse(value)))
    throw new CliError(`${option} needs a time such as 2026-11-23 or 2026-11-23T10:00:00Z, not "${value}"`);
  return new Date(value).toISOString();
}

/** `--key` by id, or by name among `--user`'s keys (or the app's server keys without `--user`). */
async function keyIdOf(context: CliContext, nameOrId: string, userIdOrEmail: string | undefined): Promise<string> {
  if (OBJECT_ID.test(nameOrId)) return nameOrId.toLowerCase();
  if (userIdOrEmail) return (await resolveUserKey(context, await resolveUser(context, userIdOrEmail), nameOrId))._id;
  return (await resolveServerKey(context, nameOrId))._id;
}

export function auditCommand(program: Command): void {
  program
    .command('audit')
    .description("the app's audit log, newest first, a page at a time")
    .addOption(new Option('--type <type>', 'one event type, e.g. login.failed or key.disabled').choices([...AUDIT_EVENT_TYPES]))
    .option('--user <user>', "one user's events: user id or email")
    .option('--key <key>', "one key's events: key id, or the name of --user's key (of a server key without --user)")
    .option('--since <time>', 'at or after this time')
    .option('--until <time>', 'before this time')
    .option('--limit <n>', 'page size, 1–1000', '50')
    .option('--after <event-id>', 'the page after this event (the last id of the previous page)')
    .action(
      act(
        async (
          context,
          options: { type?: string; user?: string; key?: string; since?: string; until?: string; limit: string; after?: string },
        ) => {
          const since = time(options.since, '--since');
          const until = time(options.until, '--until');
          const query: AuditQuery = {
            limit: Number(options.limit),
            ...(options.type ? { type: options.type as AuditQuery['type'] } : {}),
            ...(options.user ? { user_id: (await resolveUser(context, options.user))._id } : {}),
            ...(options.key ? { key_id: await keyIdOf(context, options.key, options.user) } : {}),
            ...(since ? { since } : {}),
            ...(until ? { until } : {}),
            ...(options.after ? { after: options.after } : {}),
          };
          const page = await context.admin.listAuditEvents(context.app, query);
          printList(context, page, AUDIT_COLUMNS, 'No events.');
          if (!context.json && page.length === Number(options.limit)) process.stdout.write(`More: --after ${page.at(-1)!._id}\n`);
        },
      ),
    );
}
