import { LatchkeyAdmin, LatchkeyAdminError } from '@latchkey/admin';
/** A failure the CLI reports in one line and exits 1 on. */
export class CliError extends Error {
}
export function contextOf(command) {
    const globals = command.optsWithGlobals();
    if (!globals.token)
        throw new CliError('no admin token: pass --token or set LATCHKEY_ADMIN_TOKEN');
    return {
        admin: new LatchkeyAdmin({ baseUrl: globals.url, token: globals.token }),
        app: globals.app,
        json: globals.json === true,
        url: globals.url,
    };
}
/** The one line an error exits with: what went wrong, never a stack trace. */
export function failureLine(error) {
    if (error instanceof LatchkeyAdminError) {
        if (error.errorCode === 'AuthError' && error.statusCode === 401)
            return 'the admin token was refused (check --token or LATCHKEY_ADMIN_TOKEN)';
        return error.message;
    }
    if (error instanceof CliError)
        return error.message;
    return error instanceof Error ? error.message : String(error);
}
/**
 * Wraps a command's action: builds its context from the global options, and turns any
 * failure into one line on stderr and exit code 1. Commander passes the positional
 * arguments, then the command's options, then the command itself.
 */
export function act(handler) {
    return async (...params) => {
        const command = params.pop();
        try {
            await handler(contextOf(command), ...params);
        }
        catch (error) {
            process.stderr.write(`latchkey: ${failureLine(error)}\n`);
            process.exitCode = 1;
        }
    };
}
const OBJECT_ID = /^[0-9a-f]{24}$/i;
/** A user named by id or by email; an email that matches nobody is an error. */
export async function resolveUser(context, idOrEmail) {
    if (OBJECT_ID.test(idOrEmail))
        return context.admin.getUser(context.app, idOrEmail);
    if (!idOrEmail.includes('@'))
        throw new CliError(`"${idOrEmail}" is neither a user id (24 hex digits) nor an email address`);
    const [user] = await context.admin.listUsers(context.app, { email: idOrEmail, limit: 1 });
    if (!user)
        throw new CliError(`no user with the email ${idOrEmail} in the app ${context.app}`);
    return user;
}
/** Destructive commands ask for --yes rather than prompting, so scripts and people read the same thing. */
export function requireYes(options, what) {
    if (!options.yes)
        throw new CliError(`${what} cannot be undone: add --yes to confirm`);
}
//# sourceMappingURL=context.js.map