import type { ApiKey } from '@latchkey/admin';
import { useState } from 'react';
import { Link } from 'wouter';
import { ConfirmButton } from './confirm.js';
import { State, Time } from './states.js';

/** A table of API keys (user or server) with a search by name and enable / disable / delete; never a secret. */
export function KeysTable({
  keys,
  busy,
  hrefOf,
  onDisable,
  onEnable,
  onDelete,
}: {
  keys: ApiKey[];
  busy: boolean;
  /** The key's own page (its usage). */
  hrefOf: (key: ApiKey) => string;
  onDisable: (key: ApiKey) => void;
  onEnable: (key: ApiKey) => void;
  onDelete: (key: ApiKey) => void;
}) {
  const [search, setSearch] = useState('');
  const wanted = search.trim().toLowerCase();
  const shown = wanted ? keys.filter((key) => key.name.toLowerCase().includes(wanted) || key._id === wanted) : keys;
  return (
    <>
      <input
        type="search"
        aria-label="Find a key by name"
        placeholder="Find a key by name"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      {shown.length === 0 ? <p className="empty">No key is named like that.</p> : null}
      <div className="overflow-auto">
        <table className="striped cards">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">State</th>
              <th scope="col">Scopes</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((key) => (
              <tr key={key._id} data-testid={`key-${key.name}`}>
                <td data-label="Name">
                  <Link href={hrefOf(key)}>{key.name}</Link>
                  <br />
                  <small className="muted mono">{key._id}</small>
                </td>
                <td data-label="State">
                  <State disabled={key.disabled} />
                  {key.previous_secret_valid_until && Date.parse(key.previous_secret_valid_until) > Date.now() ? (
                    <small className="rotating">
                      <br />
                      rotated: the old secret works until <Time value={key.previous_secret_valid_until} />
                    </small>
                  ) : null}
                </td>
                <td data-label="Scopes">{key.scopes.length ? key.scopes.join(' ') : <span className="muted">all (unscoped)</span>}</td>
                <td data-label="Created">
                  <Time value={key.created_at} />
                </td>
                <td data-label="Last used">
                  <Time value={key.last_used_at} />
                </td>
                <td data-label="Expires">
                  <Time value={key.expires_at} />
                </td>
                <td className="actions">
                  {key.disabled ? (
                    <button type="button" className="secondary" disabled={busy} onClick={() => onEnable(key)}>
                      Enable
                    </button>
                  ) : (
                    <button type="button" className="secondary" disabled={busy} onClick={() => onDisable(key)}>
                      Disable
                    </button>
                  )}
                  <ConfirmButton
                    label="Delete"
                    title={`Delete the key ${key.name}?`}
                    confirm="Delete key"
                    danger
                    disabled={busy}
                    onConfirm={() => onDelete(key)}
                  >
                    <p>Its logins stop and the sessions it opened end at once. This cannot be undone.</p>
                  </ConfirmButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
