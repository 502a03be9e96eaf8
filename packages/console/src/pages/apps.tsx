import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { ErrorNote, Time } from '../components/states.js';
import { useConsole } from '../context.js';
import { useAction } from '../load.js';

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
      <div className="overflow-auto">
        <table className="striped cards">
          <thead>
            <tr>
              <th scope="col">Client app id</th>
              <th scope="col">Name</th>
              <th scope="col">Providers</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {apps.map((app) => (
              <tr key={app._id}>
                <td data-label="Client app id">
                  <Link href={`/apps/${encodeURIComponent(app.client_app_id)}`}>{app.client_app_id}</Link>
                </td>
                <td data-label="Name">{app.name}</td>
                <td data-label="Providers">{app.settings.providers.join(', ')}</td>
                <td data-label="Created">
                  <Time value={app.created_at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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
