import type { ApiKey } from '@latchkey/admin';
import { useState } from 'react';
import { Link } from 'wouter';
import { ConfirmButton } from './confirm.js';
import { DataTable } from './data-table.js';
import { State, Time } from './states.js';

/** Whether a rotated key's old secret still logs in. */
export const rotating = (key: ApiKey): boolean =>
  key.previous_secret_valid_until !== null && Date.parse(key.previous_secret_valid_until) > Date.now();

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
      <DataTable
        rows={shown}
        rowKey={(key) => key._id}
        rowTestId={(key) => `key-${key.name}`}
        columns={[
          {
            label: 'Name',
            cell: (key) => (
              <>
                <Link href={hrefOf(key)}>{key.name}</Link>
                <br />
                <small className="muted mono">{key._id}</small>
              </>
            ),
          },
          {
            label: 'State',
            cell: (key) => (
              <>
                <State disabled={key.disabled} />
                {rotating(key) ? (
                  <small className="rotating">
                    <br />
                    rotated: the old secret works until <Time value={key.previous_secret_valid_until} />
                  </small>
                ) : null}
              </>
            ),
          },
          { label: 'Scopes', cell: (key) => (key.scopes.length ? key.scopes.join(' ') : <span className="muted">all (unscoped)</span>) },
          { label: 'Created', cell: (key) => <Time value={key.created_at} /> },
          { label: 'Last used', cell: (key) => <Time value={key.last_used_at} /> },
          { label: 'Expires', cell: (key) => <Time value={key.expires_at} /> },
          {
            label: 'Actions',
            hideLabel: true,
            className: 'actions',
            cell: (key) => (
              <>
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
              </>
            ),
          },
        ]}
      />
    </>
  );
}
