import type { AppSettings } from '@latchkey/protocol';
import { isSealed, openSealedSecret, sealSecret, sealedWith, type KeyEncryptionKeys } from '../crypto/sealed-secrets.js';
import type { Store } from '../store/store.js';
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
  setting: 'google.clientSecret' | 'apple.clientSecret' | 'facebook.appSecret',
  keks: KeyEncryptionKeys,
): string {
  return isSealed(stored) ? openSealedSecret(stored, contextOf(app.id, setting), keks, `the ${setting} setting`) : stored;
}

/** A stored secret as the configuration wants it: sealed under the current key, or in clear without one. */
function restored(value: string, context: string, keks: KeyEncryptionKeys, what: string): string {
  if (keks.current ? sealedWith(value) === keks.current.id : !isSealed(value)) return value;
  const clear = isSealed(value) ? openSealedSecret(value, context, keks, what) : value;
  return keks.current ? sealSecret(clear, context, keks.current) : clear;
}

/**
 * At start, like the webhook secrets: secret settings stored in clear, or under the previous
 * key-encryption key, are stored again as the configuration wants them (sealed under
 * LATCHKEY_SECRET_KEY, or in clear when it was removed). Returns how many apps were rewritten.
 */
export async function resealSettingSecrets(store: Pick<Store, 'listApps' | 'updateAppSettings'>, keks: KeyEncryptionKeys): Promise<number> {
  let rewritten = 0;
  for (const app of await store.listApps()) {
    const { customJwt, google, apple, facebook } = app.settings;
    const next: AppSettings = {
      ...app.settings,
      customJwt:
        customJwt?.keys && customJwt.algorithm === 'HS256'
          ? { ...customJwt, keys: customJwt.keys.map((key) => restored(key, `custom-jwt-key:${app.id}`, keks, 'a custom JWT secret')) }
          : customJwt,
      google: google?.clientSecret
        ? { ...google, clientSecret: restored(google.clientSecret, contextOf(app.id, 'google.clientSecret'), keks, 'google.clientSecret') }
        : google,
      apple: apple?.clientSecret
        ? { ...apple, clientSecret: restored(apple.clientSecret, contextOf(app.id, 'apple.clientSecret'), keks, 'apple.clientSecret') }
        : apple,
      facebook: facebook
        ? { ...facebook, appSecret: restored(facebook.appSecret, contextOf(app.id, 'facebook.appSecret'), keks, 'facebook.appSecret') }
        : facebook,
    };
    if (JSON.stringify(next) === JSON.stringify(app.settings)) continue;
    await store.updateAppSettings(app.id, next);
    rewritten++;
  }
  return rewritten;
}
