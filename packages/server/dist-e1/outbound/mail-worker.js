import { sendDueMail } from '../domain/mail-outbox.js';
const POLL_MS = 5_000;
/**
 * Sends the queued mail in the background: woken when a request queues one, and polling every
 * few seconds for retries and for mail other nodes queued. One run at a time per process.
 */
export class MailWorker {
    deps;
    log;
    timer = null;
    running = null;
    again = false;
    constructor(deps, log) {
        this.deps = deps;
        this.log = log;
    }
    start() {
        this.timer = setInterval(() => this.wake(), POLL_MS);
        this.timer.unref();
        this.wake();
    }
    wake() {
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
    async run() {
        try {
            await sendDueMail(this.deps, (level, message, mail) => this.log[level]({ mail: mail.id, kind: mail.kind, app: mail.appId }, message));
        }
        catch (error) {
            this.log.warn({ err: error.message }, 'the mail queue could not be read; retrying shortly');
        }
    }
    async stop() {
        if (this.timer)
            clearInterval(this.timer);
        this.timer = null;
        await this.running;
    }
}
//# sourceMappingURL=mail-worker.js.map