import type { ApiKey, CreatedApiKey } from '@latchkey/admin';
import { useState, type FormEvent } from 'react';
import { KeysTable } from '../components/keys-table.js';
import { ErrorNote, Show } from '../components/states.js';
import { useConsole } from '../context.js';
import { useAction, useLoad } from '../load.js';

/** The secret of a key just made: shown once, with a copy button and a warning. */
function NewSecret({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  return (
    <article className="secret" role="status">
      <h3>Server key {created.name} created</h3>
      <p>
        <strong>Copy its secret now.</strong> Latchkey keeps only its hash: it will not be shown again.
      </p>
      <pre>
        <code data-testid="secret">{created.key}</code>
      </pre>
      <div className="actions">
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard.writeText(created.key).then(
              () => setCopied('yes'),
              () => setCopied('failed'),
            )
          }
        >
          {copied === 'yes' ? 'Copied' : 'Copy secret'}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          I have stored it
        </button>
      </div>
      {copied === 'failed' ? <ErrorNote message="The browser would not copy: select the secret and copy it by hand." /> : null}
    </article>
  );
}

export function ServerKeys() {
  const { admin, app } = useConsole();
  const keys = useLoad(() => admin.listServerKeys(app), [admin, app]);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const action = useAction();
  async function create(event: FormEvent) {
    event.preventDefault();
    let made: CreatedApiKey | null = null;
    if (await action.run(async () => (made = await admin.createServerKey(app, name.trim())))) {
      setCreated(made);
      setName('');
      keys.reload();
    }
  }
  const change = (run: (appId: string, keyId: string) => Promise<void>) => (key: ApiKey) =>
    void action.run(() => run(app, key._id)).then((done) => done && keys.reload());
  return (
    <section>
      <hgroup>
        <h2>Server keys</h2>
        <p>Each logs in as the app's own server user, for backends and jobs.</p>
      </hgroup>
      {created ? <NewSecret created={created} onDone={() => setCreated(null)} /> : null}
      <form onSubmit={(event) => void create(event)} className="inline-form">
        <div>
          <label htmlFor="server-key-name">New key name</label>
          <input
            id="server-key-name"
            required
            pattern="[A-Za-z0-9_\-]{1,64}"
            value={name}
            aria-describedby="server-key-name-help"
            onChange={(event) => setName(event.target.value)}
          />
          <small id="server-key-name-help">1–64 letters, digits, _ or -.</small>
        </div>
        <div>
          <button type="submit" aria-busy={action.busy} disabled={action.busy}>
            Create server key
          </button>
        </div>
      </form>
      <ErrorNote message={action.error} />
      <Show loaded={keys} empty={(list) => (list.length === 0 ? 'No server keys yet.' : null)}>
        {(list) => (
          <KeysTable
            keys={list}
            busy={action.busy}
            hrefOf={(key) => `/server-keys/${key._id}`}
            onDisable={change(admin.disableServerKey)}
            onEnable={change(admin.enableServerKey)}
            onDelete={change(admin.deleteServerKey)}
          />
        )}
      </Show>
    </section>
  );
}
