import type { CreatedApiKey } from '@latchkey/client';
import { useApiKeys, useAuth, useUser } from '@latchkey/react';
import { useState, type FormEvent } from 'react';
import { Problem } from './problem.js';

/** A time as the reader's locale writes it. */
const when = (iso: string) => new Date(iso).toLocaleString();

/** Signed in: the user's keys, a form to make one (its secret shown once), and what can be done to each. */
export function Keys() {
  const user = useUser();
  const { logOut } = useAuth();
  const { keys, loading, error, result, create, rotate, enable, disable, remove } = useApiKeys();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    try {
      setCreated(await create(name));
      setName('');
    } catch {
      // shown below through result.error
    }
  };
  return (
    <section>
      <p className="signed-in">
        <span>
          Signed in as <strong>{String(user.profile.email ?? user.id)}</strong>
        </span>
        <button type="button" className="link" onClick={() => void logOut()}>
          Sign out
        </button>
      </p>
      <form className="card new-key" onSubmit={(event) => void add(event)}>
        <label htmlFor="key-name">New key name</label>
        <div className="inline">
          <input
            id="key-name"
            name="key-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            pattern="[A-Za-z0-9_\-]{1,64}"
            aria-describedby="key-name-hint"
            required
          />
          <button type="submit" className="primary">
            Create key
          </button>
        </div>
        <small id="key-name-hint" className="hint">
          Letters, digits, _ or -, such as laptop or backup-script.
        </small>
        {result.state === 'error' && <Problem error={result.error} />}
      </form>
      {created && (
        <div role="status" className="card secret">
          <p>
            <strong>Copy this key now. It will not be shown again.</strong>
          </p>
          <code data-testid="secret">{created.key}</code>
          <div className="actions">
            <button type="button" className="primary" onClick={() => void navigator.clipboard?.writeText(created.key)}>
              Copy
            </button>
            <button type="button" className="secondary" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        </div>
      )}
      {loading ? (
        <p className="note">Loading…</p>
      ) : error && keys.length === 0 ? (
        <Problem error={error} prefix="Could not load your keys. " />
      ) : keys.length === 0 ? (
        <p className="note">No keys yet.</p>
      ) : (
        <table className="keys">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key._id} data-testid={`key-${key.name}`}>
                <td data-label="Name">
                  <strong>{key.name}</strong>
                </td>
                <td data-label="Status">
                  <span className={key.disabled ? 'badge off' : 'badge on'}>{key.disabled ? 'disabled' : 'enabled'}</span>
                </td>
                <td data-label="Created">{when(key.created_at)}</td>
                <td data-label="Last used">{key.last_used_at ? when(key.last_used_at) : 'never'}</td>
                <td data-label="Expires">{key.expires_at ? when(key.expires_at) : 'never'}</td>
                <td className="actions">
                  {key.disabled ? (
                    <button type="button" className="secondary" onClick={() => void enable(key._id)}>
                      Enable
                    </button>
                  ) : (
                    <button type="button" className="secondary" onClick={() => void disable(key._id)}>
                      Disable
                    </button>
                  )}
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => {
                      if (confirm(`Rotate the key "${key.name}"? Its current secret stops working at once.`))
                        void rotate(key._id, { graceSeconds: 0 }).then(setCreated, () => undefined);
                    }}
                  >
                    Rotate
                  </button>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      if (confirm(`Delete the key "${key.name}"? Devices using it will be signed out.`)) void remove(key._id);
                    }}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
