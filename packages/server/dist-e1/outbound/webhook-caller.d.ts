import type { WebhookCaller } from '../domain/webhooks.js';
export interface WebhookPolicy {
    /** Each attempt's deadline. */
    timeoutMs: number;
    /** Waits before the second, third, … attempt; only unanswered calls and 5xx answers are retried. */
    retryDelaysMs: number[];
}
export declare const DEFAULT_WEBHOOK_POLICY: WebhookPolicy;
/**
 * `Latchkey-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed with the
 * app's webhook secret (the Stripe scheme: the timestamp lets receivers refuse replays).
 */
export declare function signWebhook(secret: string, body: string, unixSeconds: number): string;
/** Webhooks over HTTP with global fetch: a deadline per attempt, and a few retries for calls that went unanswered. */
export declare function createWebhookCaller(policy?: WebhookPolicy): WebhookCaller;
