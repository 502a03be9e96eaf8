import type { Logger } from 'pino';
import type { Deps } from '../domain/deps.js';
/**
 * Sends the queued mail in the background: woken when a request queues one, and polling every
 * few seconds for retries and for mail other nodes queued. One run at a time per process.
 */
export declare class MailWorker {
    private readonly deps;
    private readonly log;
    private timer;
    private running;
    private again;
    constructor(deps: Deps, log: Logger);
    start(): void;
    wake(): void;
    private run;
    stop(): Promise<void>;
}
