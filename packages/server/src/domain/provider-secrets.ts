import type { AppSettings } from '@latchkey/protocol';
import { isSealed, openSealedSecret, sealSecret, sealedWith, type KeyEncryptionKeys } from '../crypto/sealed-secrets.js';
import type { Store } from '../store/store.js';
import type { App } from '../model/apps.js';

/**
 * An app's secret settings — custom JWT's HS256 keys, Google's and Apple's client secrets,
 * Facebook's app secret — walked in one place, so that sealing them at rest, opening one,
 * re-sealing at start, redacting them in answers and refusing sealed input all reach the same
 * ones. At rest they are sealed with LATCHKEY_SECRET_KEY when one is set, like the webhook
 * secret; the app and the setting are the context, so a sealed value moved elsewhere does not open.
 */
export type SecretSetting = 'customJwt.keys' | 'google.clientSecret' | 'apple.clientSecret' | 'facebook.appSecret';

const contextOf = (appId: string, setting: SecretSetting) =>
  setting === 'customJwt.keys' ? `custom-jwt-key:${appId}` : `provider-secret:${appId}:${setting}`;

/** The settings with every secret replaced by what `change` makes of it. */
export function mapSecretSettings(settings: AppSettings, change: (value: string, setting: SecretSetting) => string): AppSettings {
  const { customJwt: jwt, google, apple, facebook } = settings;
  return {
    ...settings,
    customJwt: jwt?.keys && jwt.algorithm === 'HS256' ? { ...jwt, keys: jwt.keys.map((key) => change(key, 'customJwt.keys')) } : jwt,
    google: google?.clientSecret ? { ...google, clientSecret: change(google.clientSecret, 'google.clientSecret') } : google,
    apple: apple?.clientSecret ? { ...apple, clientSecret: change(apple.clientSecret, 'apple.clientSecret') } : apple,
    facebook: facebook ? { ...facebook, appSecret: change(facebook.appSecret, 'facebook.appSecret') } : facebook,
  };
}

/** Every secret value the settings hold. */
export function secretsIn(settings: AppSettings): string[] {
  const found: string[] = [];
  mapSecretSettings(settings, (value) => (found.push(value), value));
  return found;
}

/** The settings as stored: each secret sealed (when a key-encryption key is configured). */
export function sealSettingSecrets(settings: AppSettings, appId: string, keks: KeyEncryptionKeys): AppSettings {
  const kek = keks.current;
  if (!kek) return settings;
  return mapSecretSettings(settings, (value, setting) => (isSealed(value) ? value : sealSecret(value, contextOf(appId, setting), kek)));
}

/** A secret setting in clear, for the one call that needs it. */
export function openSettingSecret(app: App, stored: string, setting: SecretSetting, keks: KeyEncryptionKeys): string {
  return isSealed(stored) ? openSealedSecret(stored, contextOf(app.id, setting), keks, `the ${setting} setting`) : stored;
}

/**
 * At start, like the webhook secrets: secret settings stored in clear, or under the previous
 * key-encryption key, are stored again as the configuration wants them (sealed under
 * LATCHKEY_SECRET_KEY, or in clear when it was removed). Returns how many apps were rewritten.
 */
export async function resealSettingSecrets(store: Pick<Store, 'listApps' | 'updateAppSettings'>, keks: KeyEncryptionKeys): Promise<number> {
  let rewritten = 0;
  for (const app of await store.listApps()) {
    const next = mapSecretSettings(app.settings, (value, setting) => {
      if (keks.current ? sealedWith(value) === keks.current.id : !isSealed(value)) return value;
      const clear = openSettingSecret(app, value, setting, keks);
      return keks.current ? sealSecret(clear, contextOf(app.id, setting), keks.current) : clear;
    });
    if (JSON.stringify(next) === JSON.stringify(app.settings)) continue;
    await store.updateAppSettings(app.id, next);
    rewritten++;
  }
  return rewritten;
}
