import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import type { App } from '@latchkey/admin';
import { DataTable, type Column } from '../components/data-table.js';
import { ErrorNote, Time } from '../components/states.js';
import { useConsole } from '../context.js';
import { useAction } from '../load.js';

const APP_COLUMNS: Column<App>[] = [
  {
    label: 'Client app id',
    cell: (app) => <Link href={`/apps/${encodeURIComponent(app.client_app_id)}`}>{app.client_app_id}</Link>,
  },
  { label: 'Name', cell: (app) => app.name },
  { label: 'Providers', cell: (app) => app.settings.providers.join(', ') },
  { label: 'Created', cell: (app) => <Time value={app.created_at} /> },
];

export function Apps() {
  const { admin, apps, reloadApps } = useConsole();
  const [, navigate] = useLocation();
  const [clientAppId, setClientAppId] = useState('');
  const [name, setName] = useState('');
  const action = useAction();
  async function create(event: FormEvent) {
    event.preventDefault();
    const done = await action.run(() =>
      admin.createApp({ client_app_id: clientAppId.trim(), ...(name.trim() ? { name: name.trim() } : {}) }),
    );
    if (!done) return;
    await reloadApps();
    navigate(`/apps/${encodeURIComponent(clientAppId.trim())}`);
  }
  return (
    <section>
      <h2>Apps</h2>
      <DataTable rows={apps} columns={APP_COLUMNS} rowKey={(app) => app._id} />
      {apps.length === 0 ? <p className="empty">No apps yet: create the first below.</p> : null}
      <article>
        <h3>Create an app</h3>
        <form onSubmit={(event) => void create(event)}>
          <div className="grid">
            <div>
              <label htmlFor="new-app-id">Client app id</label>
              <input
                id="new-app-id"
                required
                value={clientAppId}
                onChange={(event) => setClientAppId(event.target.value)}
                aria-describedby="new-app-id-help"
              />
              <small id="new-app-id-help">What clients pass as their app id, e.g. my-app.</small>
            </div>
            <div>
              <label htmlFor="new-app-name">Name (optional)</label>
              <input id="new-app-name" value={name} onChange={(event) => setName(event.target.value)} />
            </div>
          </div>
          <ErrorNote message={action.error} />
          <button type="submit" aria-busy={action.busy} disabled={action.busy}>
            Create app
          </button>
        </form>
      </article>
    </section>
  );
}
