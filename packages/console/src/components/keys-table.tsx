import type { ApiKey } from '@latchkey/admin';
import { ConfirmButton } from './confirm.js';
import { State, Time } from './states.js';

/** A table of API keys (user or server) with enable / disable / delete; never a secret. */
export function KeysTable({
  keys,
  busy,
  onDisable,
  onEnable,
  onDelete,
}: {
  keys: ApiKey[];
  busy: boolean;
  onDisable: (key: ApiKey) => void;
  onEnable: (key: ApiKey) => void;
  onDelete: (key: ApiKey) => void;
}) {
  return (
    <div className="overflow-auto">
      <table className="striped">
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
          {keys.map((key) => (
            <tr key={key._id} data-testid={`key-${key.name}`}>
              <td>
                {key.name}
                <br />
                <small className="muted mono">{key._id}</small>
              </td>
              <td>
                <State disabled={key.disabled} />
              </td>
              <td>{key.scopes.length ? key.scopes.join(' ') : <span className="muted">unscoped</span>}</td>
              <td>
                <Time value={key.created_at} />
              </td>
              <td>
                <Time value={key.last_used_at} />
              </td>
              <td>
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
  );
}
