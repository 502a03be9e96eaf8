import type { Command } from 'commander';
/** The app's server API keys: each logs in as the app's own server user. */
export declare function serverKeysCommand(program: Command): void;
