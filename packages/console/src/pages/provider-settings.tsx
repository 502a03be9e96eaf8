import type { AppSettings } from '@latchkey/admin';
import { LinesField } from '../components/lines-field.js';

/** The providers' settings, edited as JSON (secrets show as "(secret)"; left so, they are kept). */
type JsonSetting = 'customJwt' | 'google' | 'apple' | 'facebook';
const JSONS: [JsonSetting, string, string][] = [
  ['customJwt', 'Custom JWT', '{"algorithm": "RS256", "jwkUri": "https://…", "audience": ["…"]}'],
  ['google', 'Google', '{"clientId": "…apps.googleusercontent.com", "clientSecret": "…"}'],
  ['apple', 'Apple', '{"clientId": "com.example.app"}'],
  ['facebook', 'Facebook', '{"appId": "…", "appSecret": "…"}'],
];
const jsonText = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value, null, 2));

/** A provider setting's text as the value to send; empty is null (not set up). Throws, naming the setting, when it is not JSON. */
function jsonValue(name: JsonSetting, text: string): unknown {
  if (!text.trim()) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${name} is not valid JSON`);
  }
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** What the provider settings' part of the form holds: JSON texts, and the redirect pages one per line. */
export interface ProviderForm {
  json: Record<JsonSetting, string>;
  redirectUris: string;
}

export const providerFormOf = (settings: AppSettings): ProviderForm => ({
  json: Object.fromEntries(JSONS.map(([name]) => [name, jsonText(settings[name])])) as ProviderForm['json'],
  redirectUris: settings.oauthRedirectUris.join('\n'),
});

/** The provider settings the form changes; throws, naming the setting, on text that is not JSON. */
export function providerChanges(settings: AppSettings, form: ProviderForm): Partial<AppSettings> {
  const next: Record<string, unknown> = {};
  if (lines(form.redirectUris).join() !== settings.oauthRedirectUris.join()) next.oauthRedirectUris = lines(form.redirectUris);
  for (const [name] of JSONS) if (form.json[name].trim() !== jsonText(settings[name]).trim()) next[name] = jsonValue(name, form.json[name]);
  return next;
}

/** The login providers' own settings: custom JWT, Google, Apple, Facebook, and the redirect login's pages. */
export function ProviderSettings({
  form,
  invalid,
  onChange,
}: {
  form: ProviderForm;
  invalid: (name: string) => true | undefined;
  onChange: (form: ProviderForm) => void;
}) {
  return (
    <fieldset>
      <legend>Provider settings</legend>
      <div className="grid settings-grid">
        {JSONS.map(([name, label, example]) => (
          <div key={name}>
            <label htmlFor={name}>{label}</label>
            <textarea
              id={name}
              rows={4}
              value={form.json[name]}
              placeholder={example}
              aria-invalid={invalid(name)}
              onChange={(event) => onChange({ ...form, json: { ...form.json, [name]: event.target.value } })}
            />
          </div>
        ))}
        <LinesField
          name="oauthRedirectUris"
          label="Redirect login pages"
          help="One URL per line: the pages Google and Apple redirect logins may return to."
          value={form.redirectUris}
          invalid={invalid('oauthRedirectUris')}
          onChange={(redirectUris) => onChange({ ...form, redirectUris })}
        />
      </div>
      <small>JSON, empty when not set up; secrets show as (secret) and are kept when left so (docs/providers.md).</small>
    </fieldset>
  );
}
