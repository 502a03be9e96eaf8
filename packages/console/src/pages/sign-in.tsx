import type { App } from '@latchkey/admin';
import { useState, type FormEvent } from 'react';
import { ErrorNote } from '../components/states.js';
import { messageOf } from '../load.js';
import { adminClient } from '../session.js';

/** Sign-in with the admin token (printed at the server's first start, or LATCHKEY_ADMIN_TOKEN). */
export function SignIn({ onSignedIn }: { onSignedIn: (token: string, apps: App[]) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(token.trim(), await adminClient(token.trim()).listApps());
    } catch (caught) {
      setError(/admin token/.test(messageOf(caught)) ? 'That admin token was refused.' : messageOf(caught));
    } finally {
      setBusy(false);
    }
  }
  return (
    <main className="container sign-in">
      <article>
        <header>
          <h1>Latchkey console</h1>
        </header>
        <form onSubmit={(event) => void submit(event)}>
          <label htmlFor="admin-token">Admin token</label>
          <input
            id="admin-token"
            name="admin-token"
            type="password"
            autoComplete="off"
            required
            value={token}
            aria-invalid={error ? true : undefined}
            aria-describedby="admin-token-help"
            onChange={(event) => setToken(event.target.value)}
          />
          <small id="admin-token-help">
            The token the server printed at its first start (or LATCHKEY_ADMIN_TOKEN). It is kept in this tab only, until you sign out or
            close it.
          </small>
          <ErrorNote message={error} />
          <button type="submit" aria-busy={busy} disabled={busy || !token.trim()}>
            Sign in
          </button>
        </form>
      </article>
    </main>
  );
}
