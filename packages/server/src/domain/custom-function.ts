import type { App } from '../model/apps.js';
import { LatchkeyError } from '../model/errors.js';
import type { DepsWith } from './deps.js';
import type { ExternalIdentity } from './external-logins.js';
import { webhookSecretOf } from './webhook-secrets.js';

/**
 * The custom-function provider (App Services' authentication function): the login's payload
 * goes to the app's backend (customFunctionWebhookUrl), signed like the confirmation webhooks;
 * the backend answers `{"id": "<the identity's id>"}` (with `name`, `email`, `picture` for the
 * profile, when it likes) to let the caller in as that identity, or `{"error": "<why>"}` to
 * refuse. Retried only when unanswered; a backend that cannot be reached is WebhookFailed.
 */

const PROFILE_FIELDS = ['name', 'email', 'picture'] as const;
const MAX_ID_LENGTH = 512;

export async function proveByCustomFunction(
  deps: DepsWith<unknown>,
  app: App,
  payload: Record<string, unknown>,
): Promise<ExternalIdentity> {
  const url = app.settings.customFunctionWebhookUrl;
  if (!url) throw new LatchkeyError('AuthProviderNotFound', "authentication via 'custom-function' is not set up for this app");
  const answer = await deps.webhooks.ask({
    event: 'login',
    url,
    secret: webhookSecretOf(app, deps.secretKeys),
    payload: { app_id: app.clientAppId, payload },
  });
  if (typeof answer.error === 'string')
    throw new LatchkeyError('AuthError', `the app's login function refused: ${answer.error.slice(0, 200)}`);
  const id = answer.id;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH)
    throw new LatchkeyError(
      'WebhookFailed',
      `the app's login function answered without {"id": "<1 to ${MAX_ID_LENGTH} characters>"} or {"error": "…"}`,
    );
  const profile: Record<string, unknown> = {};
  for (const field of PROFILE_FIELDS) if (typeof answer[field] === 'string') profile[field] = answer[field];
  return { provider: 'custom-function', externalId: id, profile };
}
