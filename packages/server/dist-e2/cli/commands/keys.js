import { act, requireYes, resolveUser } from '../context.js';
import { printDone, printList, printRecord } from '../output.js';
export const KEY_COLUMNS = [
    ['ID', (key) => key._id],
    ['NAME', (key) => key.name],
    ['STATE', (key) => (key.disabled ? 'disabled' : 'enabled')],
    ['SCOPES', (key) => key.scopes],
    ['CREATED', (key) => key.created_at],
    ['LAST USED', (key) => key.last_used_at],
    ['EXPIRES', (key) => key.expires_at],
];
/** A user's API keys (the keys they made for their devices and scripts). */
export function keysCommand(program) {
    const keys = program.command('keys').description("a user's API keys: list, disable, enable, delete");
    keys
        .command('list')
        .description("a user's keys (never their secrets)")
        .argument('<user>', 'user id or email')
        .action(act(async (context, idOrEmail) => {
        const user = await resolveUser(context, idOrEmail);
        printList(context, await context.admin.listUserKeys(context.app, user._id), KEY_COLUMNS, 'No API keys.');
    }));
    keys
        .command('show')
        .description('one key of a user')
        .argument('<user>', 'user id or email')
        .argument('<key-id>')
        .action(act(async (context, idOrEmail, keyId) => {
        const user = await resolveUser(context, idOrEmail);
        printRecord(context, await context.admin.getUserKey(context.app, user._id, keyId));
    }));
    const change = (name, description, done) => keys
        .command(name)
        .description(description)
        .argument('<user>', 'user id or email')
        .argument('<key-id>')
        .action(act(async (context, idOrEmail, keyId, options) => {
        if (name === 'delete')
            requireYes(options, `Deleting the key ${keyId}`);
        const user = await resolveUser(context, idOrEmail);
        const run = { disable: context.admin.disableUserKey, enable: context.admin.enableUserKey, delete: context.admin.deleteUserKey }[name];
        await run(context.app, user._id, keyId);
        printDone(context, `${done} the key ${keyId}.`, { key_id: keyId, user_id: user._id, action: `${name}d` });
    }));
    change('disable', 'refuse its logins and end the sessions it opened', 'Disabled');
    change('enable', 'let a disabled key log in again', 'Enabled');
    change('delete', 'delete the key and end the sessions it opened', 'Deleted').option('--yes', 'confirm: this cannot be undone');
}
//# sourceMappingURL=keys.js.map