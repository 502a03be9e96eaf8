/**
 * The app's own backend, deciding confirmations and resets as App Services' confirmation and
 * reset functions did: Latchkey POSTs a signed JSON body, the backend answers
 * `{"status": "success" | "pending" | "fail"}`.
 */
export type WebhookStatus = 'success' | 'pending' | 'fail';
export type WebhookEvent = 'confirm' | 'reset' | 'login';

export interface WebhookCall {
  event: WebhookEvent;
  url: string;
  /** The app's webhook secret: the body is signed with it (HMAC-SHA256). */
  secret: string;
  payload: Record<string, unknown>;
}

/** Calls a webhook, with timeouts and retries; a webhook that cannot be reached or answers wrongly is a WebhookFailed error. */
export interface WebhookCaller {
  call(call: WebhookCall): Promise<WebhookStatus>;
  /** The same call, answered with any JSON object (the custom-function provider's `{id}` or `{error}`). */
  ask(call: WebhookCall): Promise<Record<string, unknown>>;
}
