import { isLatchkeyError } from '../model/errors.js';

/** Work a request starts and its answer does not wait for (see http/after-answer.ts). */
export type Work = () => Promise<void>;

/**
 * Work that a request starts and its answer does not wait for: the flows that must answer the
 * same, in the same time, whether an address or a key exists (reset and confirmation mail and
 * webhooks, revocation by value). Nobody is left to tell of its outcome, so outcomes are logged;
 * shutdown waits for what is still running.
 */
export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly log: { info(details: object, message: string): void; warn(details: object, message: string): void }) {}

  run(what: string, task: Work): void {
    const done: Promise<void> = task()
      .then(
        () => undefined,
        (error: unknown) => {
          // A refusal is an outcome (a webhook said no, an app is not set up for it); anything else is a fault.
          if (isLatchkeyError(error)) this.log.info({ work: what, code: error.code }, error.message);
          else this.log.warn({ work: what, err: error }, 'background work failed');
        },
      )
      .finally(() => this.running.delete(done));
    this.running.add(done);
  }

  /** Settles once nothing runs, including work that running work started. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }
}
