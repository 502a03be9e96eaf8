import { createHmac } from 'node:crypto';
import { LatchkeyError } from '../model/errors.js';
import type { WebhookCall, WebhookCaller, WebhookStatus } from '../model/webhooks.js';

export interface WebhookPolicy {
  /** Each attempt's deadline. */
  timeoutMs: number;
  /** Waits before the second, third, … attempt; only unanswered calls and 5xx answers are retried. */
  retryDelaysMs: number[];
}

export const DEFAULT_WEBHOOK_POLICY: WebhookPolicy = { timeoutMs: 5_000, retryDelaysMs: [250, 1_000] };
const STATUSES = new Set<WebhookStatus>(['success', 'pending', 'fail']);

/**
 * `Latchkey-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed with the
 * app's webhook secret (the Stripe scheme: the timestamp lets receivers refuse replays).
 */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`;
}

class Retryable extends Error {}

async function attempt(call: WebhookCall, body: string, timeoutMs: number): Promise<Record<string, unknown>> {
  let response: Response;
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
  } catch (error) {
    throw new Retryable(
      `no answer (${(error as Error).name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : (error as Error).message})`,
    );
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 500) throw new Retryable(`answered ${response.status}`);
  if (response.status < 200 || response.status >= 300) throw new Error(`answered ${response.status}`);
  const answer = (() => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  })();
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) throw new Error('answered without a JSON object');
  return answer as Record<string, unknown>;
}

function statusOf(answer: Record<string, unknown>): WebhookStatus {
  const status = answer.status;
  if (typeof status !== 'string' || !STATUSES.has(status as WebhookStatus))
    throw new LatchkeyError('WebhookFailed', 'the webhook answered without {"status": "success" | "pending" | "fail"}');
  return status as WebhookStatus;
}

/** Webhooks over HTTP with global fetch: a deadline per attempt, and a few retries for calls that went unanswered. */
export function createWebhookCaller(policy: WebhookPolicy = DEFAULT_WEBHOOK_POLICY): WebhookCaller {
  async function ask(call: WebhookCall): Promise<Record<string, unknown>> {
    const body = JSON.stringify({ event: call.event, ...call.payload });
    let lastProblem = '';
    for (let index = 0; index <= policy.retryDelaysMs.length; index++) {
      if (index > 0) await new Promise((resolve) => setTimeout(resolve, policy.retryDelaysMs[index - 1]));
      try {
        return await attempt(call, body, policy.timeoutMs);
      } catch (error) {
        lastProblem = (error as Error).message;
        if (!(error instanceof Retryable)) break;
      }
    }
    throw new LatchkeyError('WebhookFailed', `the app's ${call.event} webhook failed: it ${lastProblem}`);
  }
  return {
    ask,
    async call(call) {
      const answer = await ask(call);
      try {
        return statusOf(answer);
      } catch {
        throw new LatchkeyError(
          'WebhookFailed',
          `the app's ${call.event} webhook failed: it answered without {"status": "success" | "pending" | "fail"}`,
        );
      }
    },
  };
}
