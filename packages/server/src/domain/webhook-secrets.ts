import { generateSecret } from '../crypto/key-format.js';
import { isSealed, openSealedSecret, sealSecret, sealedWith, type KeyEncryptionKeys } from '../crypto/sealed-secrets.js';
import type { Store } from '../store/store.js';
import type { App } from '../model/apps.js';

/**
 * An app's webhook signing secret at rest: sealed with the key-encryption key
 * (LATCHKEY_SECRET_KEY) when one is configured, like the signing keys, and in clear otherwise.
 * The app's id is the associated data: a sealed secret moved to another app does not open.
 */
const contextOf = (appId: string) => `webhook-secret:${appId}`;

function stored(secret: string, appId: string, keks: KeyEncryptionKeys): string {
  return keks.current ? sealSecret(secret, contextOf(appId), keks.current) : secret;
}

function opened(value: string, appId: string, keks: KeyEncryptionKeys): string {
  return isSealed(value) ? openSealedSecret(value, contextOf(appId), keks, 'a webhook secret') : value;
}

/** A new secret, and the form in which it is stored. */
export function newWebhookSecret(app: App, keks: KeyEncryptionKeys): { secret: string; stored: string } {
  const secret = generateSecret('webhook-secret');
  return { secret, stored: stored(secret, app.id, keks) };
}

/** The secret that signs the app's webhook calls ('' when it has none). */
export function webhookSecretOf(app: App, keks: KeyEncryptionKeys): string {
  return app.webhookSecret === null ? '' : opened(app.webhookSecret, app.id, keks);
}

/**
 * At start: secrets stored in clear, or under the previous key-encryption key, are stored again
 * as the configuration wants them. Returns how many were rewritten (their old form is then
 * left in freed pages, which the caller scrubs).
 */
export async function resealWebhookSecrets(store: Store, keks: KeyEncryptionKeys): Promise<number> {
  let rewritten = 0;
  for (const app of await store.listApps()) {
    const current = app.webhookSecret;
    if (current === null || (keks.current ? sealedWith(current) === keks.current.id : !isSealed(current))) continue;
    if (await store.replaceWebhookSecret(app.id, current, stored(opened(current, app.id, keks), app.id, keks))) rewritten++;
  }
  return rewritten;
}
