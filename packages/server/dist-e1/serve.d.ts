/** `latchkey serve` (and `npm start`): starts the server from the environment and stops it gracefully on SIGTERM/SIGINT. */
export declare function serve(): Promise<void>;
/** What a failed start prints: a configuration mistake in one line, anything else with its stack. */
export declare function startFailure(error: unknown): string;
