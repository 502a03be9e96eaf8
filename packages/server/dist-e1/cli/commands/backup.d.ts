import type { Command } from 'commander';
/**
 * Streams the server's backup into a private file beside the target (mode 0600: it holds
 * every hash), then renames it into place, so FILE is never half written. Progress goes
 * to stderr when that is a terminal.
 */
export declare function backupCommand(program: Command): void;
