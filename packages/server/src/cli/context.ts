import { LatchkeyAdmin, LatchkeyAdminError, type User } from '@latchkey/admin';
import type { Command } from 'commander';

/** The global options every admin command reads (see main.ts). */
export interface Globals {
  url: string;
  token?: string;
  app: string;
  json?: boolean;
}

/** What a command runs with: the admin client, the app it is about, and how to print. */
export interface CliContext {
  admin: LatchkeyAdmin;
  app: string;
  json: boolean;
  url: string;
}

/** A failure the CLI reports in one line and exits 1 on. */
export class CliError extends Error {}

export function contextOf(command: Command): CliContext {
  const globals = command.optsWithGlobals<Globals>();
  if (!globals.token) throw new CliError('no admin token: pass --token or set LATCHKEY_ADMIN_TOKEN');
  return {
    admin: new LatchkeyAdmin({ baseUrl: globals.url, token: globals.token }),
    app: globals.app,
    json: globals.json === true,
    url: globals.url,
  };
}

/** The one line an error exits with: what went wrong, never a stack trace. */
export function failureLine(error: unknown): string {
  if (error instanceof LatchkeyAdminError) {
    if (error.errorCode === 'AuthError' && error.statusCode === 401)
      return 'the admin token was refused (check --token or LATCHKEY_ADMIN_TOKEN)';
    return error.message;
  }
  if (error instanceof CliError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Wraps a command's action: builds its context from the global options, and turns any
 * failure into one line on stderr and exit code 1. Commander passes the positional
 * arguments, then the command's options, then the command itself.
 */
export function act<Args extends unknown[]>(handler: (context: CliContext, ...args: Args) => Promise<void>) {
  return async (...params: unknown[]): Promise<void> => {
    const command = params.pop() as Command;
    try {
      await handler(contextOf(command), ...(params as Args));
    } catch (error) {
      process.stderr.write(`latchkey: ${failureLine(error)}\n`);
      process.exitCode = 1;
    }
  };
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** A user named by id or by email; an email that matches nobody is an error. */
export async function resolveUser(context: CliContext, idOrEmail: string): Promise<User> {
  if (OBJECT_ID.test(idOrEmail)) return context.admin.getUser(context.app, idOrEmail);
  if (!idOrEmail.includes('@')) throw new CliError(`"${idOrEmail}" is neither a user id (24 hex digits) nor an email address`);
  const [user] = await context.admin.listUsers(context.app, { email: idOrEmail, limit: 1 });
  if (!user) throw new CliError(`no user with the email ${idOrEmail} in the app ${context.app}`);
  return user;
}

/** Destructive commands ask for --yes rather than prompting, so scripts and people read the same thing. */
export function requireYes(options: { yes?: boolean }, what: string): void {
  if (!options.yes) throw new CliError(`${what} cannot be undone: add --yes to confirm`);
}
