import { type Command } from 'commander';
export declare function usersCommand(program: Command): void;
