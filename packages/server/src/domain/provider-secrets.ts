import type { AppSettings } from '@latchkey/protocol';
import { isSealed, openSealedSecret, sealSecret, type KeyEncryptionKeys } from '../crypto/sealed-secrets.js';
import type { App } from '../model/apps.js';

/**
 * The login providers' secret settings (Google's client secret, Facebook's app secret) at rest:
 * sealed with LATCHKEY_SECRET_KEY when one is set, like the webhook secret; the app and the
 * setting are the context, so a sealed value moved elsewhere does not open.
 */
const contextOf = (appId: string, setting: string) => `provider-secret:${appId}:${setting}`;

export function sealProviderSecrets(settings: AppSettings, appId: string, keks: KeyEncryptionKeys): AppSettings {
  const kek = keks.current;
  if (!kek) return settings;
  const seal = (value: string, setting: string) => (isSealed(value) ? value : sealSecret(value, contextOf(appId, setting), kek));
  return {
    ...settings,
    google: settings.google?.clientSecret
      ? { ...settings.google, clientSecret: seal(settings.google.clientSecret, 'google.clientSecret') }
      : settings.google,
    facebook: settings.facebook
      ? { ...settings.facebook, appSecret: seal(settings.facebook.appSecret, 'facebook.appSecret') }
      : settings.facebook,
  };
}

/** A provider secret in clear, for the one call that needs it. */
export function openProviderSecret(
  app: App,
  stored: string,
  setting: 'google.clientSecret' | 'facebook.appSecret',
  keks: KeyEncryptionKeys,
): string {
  return isSealed(stored) ? openSealedSecret(stored, contextOf(app.id, setting), keks, `the ${setting} setting`) : stored;
}
