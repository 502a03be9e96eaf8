import type { AppSettings } from '@latchkey/admin';
import type { Command } from 'commander';
/**
 * `name=value` pairs: a value that parses as JSON is taken as JSON (numbers, booleans, null,
 * arrays), anything else as text, so `corsOrigins='["https://a.example"]' maxUserApiKeys=5` works.
 */
export declare function parseSettings(pairs: string[]): Partial<AppSettings>;
export declare function appsCommand(program: Command): void;
