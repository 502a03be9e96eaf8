import type { CliContext } from './context.js';
/** A column of a human table: its heading and how to show a row's value. */
export type Column<T> = [heading: string, value: (row: T) => unknown];
/** A list: a table for people (or a line saying it is empty), the array itself with --json. */
export declare function printList<T>(context: CliContext, rows: T[], columns: Column<T>[], empty: string): void;
/** One object: name / value lines for people, the object itself with --json. */
export declare function printRecord(context: CliContext, record: object): void;
/** What a command did: a sentence for people, an object for scripts. */
export declare function printDone(context: CliContext, sentence: string, result: Record<string, unknown>): void;
export declare function printJson(value: unknown): void;
