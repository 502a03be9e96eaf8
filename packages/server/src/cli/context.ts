import { LatchkeyAdmin, LatchkeyAdminError, type AdminErrorCode, type ApiKey, type User } from '@latchkey/admin';
import type { Command } from 'commander';

/** The global options every admin command reads (see main.ts). */
export interface Globals {
  url: string;
  token?: string;
  app: string;
  json?: boolean;
  verbose?: boolean;
}

/** What a command runs with: the admin client, the app it is about, and how to print. */
export interface CliContext {
  admin: LatchkeyAdmin;
  app: string;
  json: boolean;
  url: string;
}

/** A failure the CLI reports in one line and exits 1 on, with the code `--json` prints (the server's codes). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: AdminErrorCode = 'InvalidParameter',
  ) {
    super(message);
  }
}

export function contextOf(command: Command): CliContext {
  const globals = command.optsWithGlobals<Globals>();
  if (!globals.token) throw new CliError('no admin token: pass --token or set LATCHKEY_ADMIN_TOKEN', 'MissingAuthReq');
  return {
    admin: new LatchkeyAdmin({ baseUrl: globals.url, token: globals.token }),
    app: globals.app,
    json: globals.json === true,
    url: globals.url,
  };
}

/** What an error exits with: one line for people (the request with `--verbose`), `{"error", "error_code"}` for scripts. */
export function failureOf(error: unknown, verbose = false): { error: string; error_code: string } {
  if (error instanceof LatchkeyAdminError) {
    const refused = error.errorCode === 'AuthError' && error.statusCode === 401;
    const message = refused ? 'the admin token was refused (check --token or LATCHKEY_ADMIN_TOKEN)' : error.message;
    return { error: verbose && error.request ? `${message} (${error.request})` : message, error_code: error.errorCode };
  }
  if (error instanceof CliError) return { error: error.message, error_code: error.code };
  return { error: error instanceof Error ? error.message : String(error), error_code: 'InternalServerError' };
}

/** Writes a failure to stderr in the chosen form. */
export function reportFailure(failure: { error: string; error_code: string }, json: boolean): void {
  process.stderr.write(json ? `${JSON.stringify(failure)}\n` : `latchkey: ${failure.error}\n`);
}

/**
 * Wraps a command's action: builds its context from the global options, and turns any
 * failure into one line on stderr and exit code 1. Commander passes the positional
 * arguments, then the command's options, then the command itself.
 */
export function act<Args extends unknown[]>(handler: (context: CliContext, ...args: Args) => Promise<void>) {
  return async (...params: unknown[]): Promise<void> => {
    const command = params.pop() as Command;
    const globals = command.optsWithGlobals<Globals>();
    try {
      await handler(contextOf(command), ...(params as Args));
    } catch (error) {
      reportFailure(failureOf(error, globals.verbose === true), globals.json === true);
      process.exitCode = 1;
    }
  };
}

/** A user's, key's or event's id as typed (any case). */
export const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** A user named by id or by email; an email that matches nobody is an error. */
export async function resolveUser(context: CliContext, idOrEmail: string): Promise<User> {
  if (OBJECT_ID.test(idOrEmail)) return context.admin.getUser(context.app, idOrEmail.toLowerCase());
  if (!idOrEmail.includes('@')) throw new CliError(`"${idOrEmail}" is neither a user id (24 hexadecimal digits) nor an email address`);
  const [user] = await context.admin.listUsers(context.app, { email: idOrEmail, limit: 1 });
  if (!user) throw new CliError(`no user with the email ${idOrEmail} in the app ${context.app}`, 'UserNotFound');
  return user;
}

/** A key named by name or id among `keys` (an id wins: a name may look like one). */
export function pickKey(keys: ApiKey[], nameOrId: string, owner: 'the user' | 'the app', kind: 'keys' | 'server keys'): ApiKey {
  const key = keys.find((candidate) => candidate._id === nameOrId.toLowerCase()) ?? keys.find((candidate) => candidate.name === nameOrId);
  if (key) return key;
  const names = keys.map((candidate) => candidate.name);
  const known = names.length
    ? `; ${owner}'s ${kind} are: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''}`
    : `; ${owner} has no ${kind}`;
  throw new CliError(`no key named or with the id "${nameOrId}"${known}`, 'APIKeyNotFound');
}

/** One of a user's keys, by name or id. */
export async function resolveUserKey(context: CliContext, user: User, nameOrId: string): Promise<ApiKey> {
  return pickKey(await context.admin.listUserKeys(context.app, user._id), nameOrId, 'the user', 'keys');
}

/** One of the app's server keys, by name or id. */
export async function resolveServerKey(context: CliContext, nameOrId: string): Promise<ApiKey> {
  return pickKey(await context.admin.listServerKeys(context.app), nameOrId, 'the app', 'server keys');
}

/** Destructive commands ask for --yes rather than prompting, so scripts and people read the same thing. */
export function requireYes(options: { yes?: boolean }, what: string): void {
  if (!options.yes) throw new CliError(`${what} cannot be undone: add --yes to confirm`);
}
