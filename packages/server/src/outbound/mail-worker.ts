import type { Logger } from 'pino';
import type { Deps } from '../domain/deps.js';
import { sendDueMail } from '../domain/mail-outbox.js';

const POLL_MS = 5_000;

/**
 * Sends the queued mail in the background: woken when a request queues one, and polling every
 * few seconds for retries and for mail other nodes queued. One run at a time per process.
 */
export class MailWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly deps: Deps,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
    this.wake();
  }

  wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async run(): Promise<void> {
    try {
      await sendDueMail(this.deps, (level, message, mail) => this.log[level]({ mail: mail.id, kind: mail.kind, app: mail.appId }, message));
    } catch (error) {
      this.log.warn({ err: (error as Error).message }, 'the mail queue could not be read; retrying shortly');
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
