import type { App, AppSettings, ProviderType } from '@latchkey/admin';
import { useEffect, useState, type FormEvent } from 'react';
import { humanDuration } from '@latchkey/protocol/problems';
import { useParams } from 'wouter';
import { DeleteApp } from '../components/delete-app.js';
import { LinesField } from '../components/lines-field.js';
import { WebhookSecret } from '../components/webhook-secret.js';
import { ErrorNote, Show } from '../components/states.js';
import { useConsole } from '../context.js';
import { useAction, useLoad } from '../load.js';
import { ProviderSettings, providerChanges, providerFormOf, type ProviderForm } from './provider-settings.js';

/** Every provider the server serves; the compiler refuses one missing or unknown. */
const PROVIDER_LABELS: Record<ProviderType, string> = {
  'local-userpass': 'Email and password',
  'anon-user': 'Anonymous',
  'api-key': 'API keys',
  'custom-token': 'Custom JWT (needs customJwt: see docs/providers.md)',
  'custom-function': 'Custom function (needs its webhook: see docs/providers.md)',
  'oauth2-google': 'Google (needs google: see docs/providers.md)',
  'oauth2-apple': 'Apple (needs apple: see docs/providers.md)',
  'oauth2-facebook': 'Facebook (needs facebook: see docs/providers.md)',
};
const PROVIDERS = Object.entries(PROVIDER_LABELS) as [ProviderType, string][];

type NumberSetting = { [K in keyof AppSettings]: AppSettings[K] extends number ? K : never }[keyof AppSettings];
/** Each number setting: its label, what it counts, and the seconds in one of its unit (for "= 30 minutes"). */
const NUMBERS: [NumberSetting, string, string, number?][] = [
  ['accessTokenTtlSeconds', 'Access token lifetime', 'seconds (60 to 86,400)', 1],
  ['refreshTokenTtlSeconds', 'Session (refresh token) lifetime', 'seconds (300 to 31,536,000)', 1],
  ['maxUserApiKeys', 'API keys per user', 'at most (0 to 1,000)'],
  ['maxServerApiKeys', 'Server keys', 'at most (0 to 10,000)'],
  ['maxApiKeyLifetimeDays', 'Longest user key lifetime', 'days; 0: no limit', 86_400],
  ['anonymousUserTtlDays', 'Anonymous users kept for', 'days; 0: forever', 86_400],
  ['auditRetentionDays', 'Audit log kept for', 'days; 0: no audit log', 86_400],
  ['emailTokenTtlMinutes', 'Email links valid for', 'minutes (1 to 1,440)', 60],
  ['pendingRegistrationTtlDays', 'Unconfirmed registrations kept for', 'days (1 to 365)', 86_400],
];

/** "seconds (60 to 86,400): 30 minutes" — the typed number in words, when it is a length of time. */
function helpOf(help: string, value: string, unitSeconds: number | undefined): string {
  const number = Number(value);
  if (!unitSeconds || !Number.isInteger(number) || number <= 0) return help;
  return `${help}: ${humanDuration(number * unitSeconds)}`;
}
type TextSetting =
  | 'emailConfirmationUrl'
  | 'confirmEmailSubject'
  | 'resetPasswordUrl'
  | 'resetPasswordSubject'
  | 'confirmationWebhookUrl'
  | 'resetWebhookUrl'
  | 'customFunctionWebhookUrl';
const TEXTS: [TextSetting, string][] = [
  ['emailConfirmationUrl', 'Confirmation page URL'],
  ['confirmEmailSubject', 'Confirmation email subject'],
  ['resetPasswordUrl', 'Password reset page URL'],
  ['resetPasswordSubject', 'Reset email subject'],
  ['confirmationWebhookUrl', 'Confirmation webhook URL'],
  ['resetWebhookUrl', 'Reset webhook URL'],
  ['customFunctionWebhookUrl', 'Login function webhook URL (custom function)'],
];

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** The form keeps text as typed; what is sent is only what changed. */
function changes(app: App, form: Form): Partial<AppSettings> {
  const next: Partial<AppSettings> = {};
  const settings = app.settings;
  for (const [name] of NUMBERS) if (Number(form.numbers[name]) !== settings[name]) next[name] = Number(form.numbers[name]);
  for (const [name] of TEXTS) {
    const value = form.texts[name].trim();
    const nullable = name.endsWith('Url');
    if ((nullable ? value || null : value) !== settings[name]) (next as Record<string, unknown>)[name] = nullable ? value || null : value;
  }
  if (form.providers.join() !== [...settings.providers].sort().join()) next.providers = form.providers;
  if (lines(form.corsOrigins).join() !== settings.corsOrigins.join()) next.corsOrigins = lines(form.corsOrigins);
  if (lines(form.scopes).join() !== settings.apiKeyScopes.join()) next.apiKeyScopes = lines(form.scopes);
  if (form.autoConfirm !== settings.autoConfirm) next.autoConfirm = form.autoConfirm;
  if (form.acceptImportedKeys !== settings.acceptImportedKeys) next.acceptImportedKeys = form.acceptImportedKeys;
  return { ...next, ...providerChanges(settings, form.providerForm) };
}

interface Form {
  numbers: Record<NumberSetting, string>;
  texts: Record<TextSetting, string>;
  providers: ProviderType[];
  corsOrigins: string;
  scopes: string;
  autoConfirm: boolean;
  acceptImportedKeys: boolean;
  providerForm: ProviderForm;
}

const formOf = (app: App): Form => ({
  numbers: Object.fromEntries(NUMBERS.map(([name]) => [name, String(app.settings[name])])) as Form['numbers'],
  texts: Object.fromEntries(TEXTS.map(([name]) => [name, app.settings[name] ?? ''])) as Form['texts'],
  providers: [...app.settings.providers].sort(),
  corsOrigins: app.settings.corsOrigins.join('\n'),
  scopes: app.settings.apiKeyScopes.join('\n'),
  autoConfirm: app.settings.autoConfirm,
  acceptImportedKeys: app.settings.acceptImportedKeys,
  providerForm: providerFormOf(app.settings),
});

function SettingsForm({ app, onSaved }: { app: App; onSaved: (app: App) => void }) {
  const { admin, reloadApps } = useConsole();
  const [form, setForm] = useState(() => formOf(app));
  const [saved, setSaved] = useState(false);
  const action = useAction();
  useEffect(() => setForm(formOf(app)), [app]);
  let pending: Partial<AppSettings> = {};
  let unreadable: string | null = null;
  try {
    pending = changes(app, form);
  } catch (error) {
    unreadable = (error as Error).message;
  }
  const invalid = (name: string) => (action.error?.includes(name) ? true : undefined);
  async function save(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    let updated: App | null = null;
    if (
      await action.run(async () => {
        if (unreadable) throw new Error(unreadable);
        updated = await admin.updateApp(app.client_app_id, pending);
      })
    ) {
      setSaved(true);
      onSaved(updated!);
      await reloadApps();
    }
  }
  return (
    <form onSubmit={(event) => void save(event)} aria-label="App settings">
      <fieldset>
        <legend>Login providers</legend>
        {PROVIDERS.map(([provider, label]) => (
          <label key={provider}>
            <input
              type="checkbox"
              name={provider}
              checked={form.providers.includes(provider)}
              onChange={(event) =>
                setForm({
                  ...form,
                  providers: (event.target.checked ? [...form.providers, provider] : form.providers.filter((p) => p !== provider)).sort(),
                })
              }
            />
            {label}
          </label>
        ))}
      </fieldset>
      <div className="grid settings-grid">
        {NUMBERS.map(([name, label, help, unit]) => (
          <div key={name}>
            <label htmlFor={name}>{label}</label>
            <input
              id={name}
              name={name}
              type="number"
              inputMode="numeric"
              required
              value={form.numbers[name]}
              aria-invalid={invalid(name)}
              aria-describedby={`${name}-help`}
              onChange={(event) => setForm({ ...form, numbers: { ...form.numbers, [name]: event.target.value } })}
            />
            <small id={`${name}-help`}>{helpOf(help, form.numbers[name], unit)}</small>
          </div>
        ))}
      </div>
      <div className="grid">
        <LinesField
          name="corsOrigins"
          label="CORS origins"
          help="One origin per line, or * for any."
          value={form.corsOrigins}
          invalid={invalid('corsOrigins')}
          onChange={(corsOrigins) => setForm({ ...form, corsOrigins })}
        />
        <LinesField
          name="apiKeyScopes"
          label="API key scopes"
          help="One per line; empty: keys are unscoped."
          value={form.scopes}
          invalid={invalid('apiKeyScopes')}
          onChange={(scopes) => setForm({ ...form, scopes })}
        />
      </div>
      <label>
        <input
          type="checkbox"
          role="switch"
          checked={form.acceptImportedKeys}
          onChange={(event) => setForm({ ...form, acceptImportedKeys: event.target.checked })}
        />
        Accept API keys imported from another system, in its own format (turn off once none is left)
      </label>
      <ProviderSettings form={form.providerForm} invalid={invalid} onChange={(providerForm) => setForm({ ...form, providerForm })} />
      <fieldset>
        <legend>Email and webhooks</legend>
        <label>
          <input
            type="checkbox"
            role="switch"
            checked={form.autoConfirm}
            onChange={(event) => setForm({ ...form, autoConfirm: event.target.checked })}
          />
          Confirm new users without asking them
        </label>
        <div className="grid settings-grid">
          {TEXTS.map(([name, label]) => (
            <div key={name}>
              <label htmlFor={name}>{label}</label>
              <input
                id={name}
                name={name}
                type={name.endsWith('Url') ? 'url' : 'text'}
                value={form.texts[name]}
                aria-invalid={invalid(name)}
                onChange={(event) => setForm({ ...form, texts: { ...form.texts, [name]: event.target.value } })}
              />
            </div>
          ))}
        </div>
      </fieldset>
      <ErrorNote message={action.error} />
      {saved && Object.keys(pending).length === 0 ? (
        <p role="status" className="saved">
          Saved.
        </p>
      ) : null}
      <button type="submit" aria-busy={action.busy} disabled={action.busy || (Object.keys(pending).length === 0 && !unreadable)}>
        Save settings
      </button>
    </form>
  );
}

export function AppSettingsPage() {
  const { admin } = useConsole();
  const { appId } = useParams<{ appId: string }>();
  const app = useLoad(() => admin.getApp(decodeURIComponent(appId)), [admin, appId]);
  const [current, setCurrent] = useState<App | null>(null);
  return (
    <section>
      <Show loaded={app}>
        {(loaded) => {
          const shown = current && current._id === loaded._id ? current : loaded;
          return (
            <>
              <hgroup>
                <h2>{shown.name || shown.client_app_id}</h2>
                <p>
                  Client app id <code>{shown.client_app_id}</code>
                </p>
              </hgroup>
              <SettingsForm app={shown} onSaved={setCurrent} />
              <WebhookSecret app={shown} onChanged={app.reload} />
              <DeleteApp app={shown} />
            </>
          );
        }}
      </Show>
    </section>
  );
}
