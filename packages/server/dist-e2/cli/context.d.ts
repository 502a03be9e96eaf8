import { LatchkeyAdmin, type User } from '@latchkey/admin';
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
export declare class CliError extends Error {
}
export declare function contextOf(command: Command): CliContext;
/** The one line an error exits with: what went wrong, never a stack trace. */
export declare function failureLine(error: unknown): string;
/**
 * Wraps a command's action: builds its context from the global options, and turns any
 * failure into one line on stderr and exit code 1. Commander passes the positional
 * arguments, then the command's options, then the command itself.
 */
export declare function act<Args extends unknown[]>(handler: (context: CliContext, ...args: Args) => Promise<void>): (...params: unknown[]) => Promise<void>;
/** A user named by id or by email; an email that matches nobody is an error. */
export declare function resolveUser(context: CliContext, idOrEmail: string): Promise<User>;
/** Destructive commands ask for --yes rather than prompting, so scripts and people read the same thing. */
export declare function requireYes(options: {
    yes?: boolean;
}, what: string): void;
