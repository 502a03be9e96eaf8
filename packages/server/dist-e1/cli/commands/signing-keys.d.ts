import type { Command } from 'commander';
export declare function signingKeysCommand(program: Command): void;
