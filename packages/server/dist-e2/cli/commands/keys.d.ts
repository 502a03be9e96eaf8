import type { ApiKey } from '@latchkey/admin';
import type { Command } from 'commander';
import { type Column } from '../output.js';
export declare const KEY_COLUMNS: Column<ApiKey>[];
/** A user's API keys (the keys they made for their devices and scripts). */
export declare function keysCommand(program: Command): void;
