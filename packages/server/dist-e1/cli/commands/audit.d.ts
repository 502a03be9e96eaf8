import type { Command } from 'commander';
export declare function auditCommand(program: Command): void;
