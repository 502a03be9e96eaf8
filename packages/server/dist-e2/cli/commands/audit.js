import { CliError, act } from '../context.js';
import { printList } from '../output.js';
const AUDIT_COLUMNS = [
    ['AT', (event) => event.at],
    ['TYPE', (event) => event.type],
    ['ACTOR', (event) => event.actor],
    ['USER', (event) => event.user_id],
    ['KEY', (event) => event.key_id],
    ['IP', (event) => event.ip],
    ['DETAIL', (event) => (Object.keys(event.detail).length ? event.detail : null)],
];
function time(value, option) {
    if (value === undefined)
        return undefined;
    if (Number.isNaN(Date.parse(value)))
        throw new CliError(`${option} needs a time such as 2026-11-23 or 2026-11-23T10:00:00Z, not "${value}"`);
    return new Date(value).toISOString();
}
export function auditCommand(program) {
    program
        .command('audit')
        .description("the app's audit log, newest first, a page at a time")
        .option('--type <type>', 'one event type, e.g. login.failed or key.disabled')
        .option('--user <user-id>', "one user's events")
        .option('--key <key-id>', "one key's events")
        .option('--since <time>', 'at or after this time')
        .option('--until <time>', 'before this time')
        .option('--limit <n>', 'page size, 1–1000', '50')
        .option('--after <event-id>', 'the page after this event (the last id of the previous page)')
        .action(act(async (context, options) => {
        const since = time(options.since, '--since');
        const until = time(options.until, '--until');
        const query = {
            limit: Number(options.limit),
            ...(options.type ? { type: options.type } : {}),
            ...(options.user ? { user_id: options.user } : {}),
            ...(options.key ? { key_id: options.key } : {}),
            ...(since ? { since } : {}),
            ...(until ? { until } : {}),
            ...(options.after ? { after: options.after } : {}),
        };
        const page = await context.admin.listAuditEvents(context.app, query);
        printList(context, page, AUDIT_COLUMNS, 'No events.');
        if (!context.json && page.length === Number(options.limit))
            process.stdout.write(`More: --after ${page.at(-1)._id}\n`);
    }));
}
//# sourceMappingURL=audit.js.map