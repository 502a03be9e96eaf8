import { createHmac } from 'node:crypto';
import { LatchkeyError } from '../domain/errors.js';
export const DEFAULT_WEBHOOK_POLICY = { timeoutMs: 5_000, retryDelaysMs: [250, 1_000] };
const STATUSES = new Set(['success', 'pending', 'fail']);
/**
 * `Latchkey-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed with the
 * app's webhook secret (the Stripe scheme: the timestamp lets receivers refuse replays).
 */
export function signWebhook(secret, body, unixSeconds) {
    return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`;
}
class Retryable extends Error {
}
async function attempt(call, body, timeoutMs) {
    let response;
    try {
        response = await fetch(call.url, {
            method: 'POST',
            headers: {
                'content-type': 'application/json',
                'user-agent': 'Latchkey-Webhook/1',
                'latchkey-event': call.event,
                'latchkey-signature': signWebhook(call.secret, body, Math.floor(Date.now() / 1000)),
            },
            body,
            redirect: 'error',
            signal: AbortSignal.timeout(timeoutMs),
        });
    }
    catch (error) {
        throw new Retryable(`no answer (${error.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : error.message})`);
    }
    const text = await response.text().catch(() => '');
    if (response.status >= 500)
        throw new Retryable(`answered ${response.status}`);
    if (response.status < 200 || response.status >= 300)
        throw new Error(`answered ${response.status}`);
    const status = (() => {
        try {
            return JSON.parse(text).status;
        }
        catch {
            return undefined;
        }
    })();
    if (typeof status !== 'string' || !STATUSES.has(status))
        throw new Error('answered without {"status": "success" | "pending" | "fail"}');
    return status;
}
/** Webhooks over HTTP with global fetch: a deadline per attempt, and a few retries for calls that went unanswered. */
export function createWebhookCaller(policy = DEFAULT_WEBHOOK_POLICY) {
    return {
        async call(call) {
            const body = JSON.stringify({ event: call.event, ...call.payload });
            let lastProblem = '';
            for (let index = 0; index <= policy.retryDelaysMs.length; index++) {
                if (index > 0)
                    await new Promise((resolve) => setTimeout(resolve, policy.retryDelaysMs[index - 1]));
                try {
                    return await attempt(call, body, policy.timeoutMs);
                }
                catch (error) {
                    lastProblem = error.message;
                    if (!(error instanceof Retryable))
                        break;
                }
            }
            throw new LatchkeyError('WebhookFailed', `the app's ${call.event} webhook failed: it ${lastProblem}`);
        },
    };
}
//# sourceMappingURL=webhook-caller.js.map