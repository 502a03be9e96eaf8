import { act } from '../context.js';
import { printList } from '../output.js';
const SIGNING_COLUMNS = [
    ['KID', (key) => key.kid],
    ['SIGNS', (key) => (key.signing ? 'yes' : 'no')],
    ['CREATED', (key) => key.created_at],
    ['RETIRED', (key) => key.retired_at],
];
export function signingKeysCommand(program) {
    const keys = program.command('signing-keys').description('the keys that sign access tokens: list, rotate');
    keys
        .command('list')
        .description('the signing key first, then retired keys that still verify')
        .action(act(async (context) => printList(context, await context.admin.listSigningKeys(), SIGNING_COLUMNS, 'No signing keys.')));
    keys
        .command('rotate')
        .description('a new key signs from now on, on every node; the old one verifies until its tokens expire')
        .action(act(async (context) => printList(context, await context.admin.rotateSigningKeys(), SIGNING_COLUMNS, 'No signing keys.')));
}
//# sourceMappingURL=signing-keys.js.map