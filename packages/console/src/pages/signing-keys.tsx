import { ConfirmButton } from '../components/confirm.js';
import { ErrorNote, Show, Time } from '../components/states.js';
import { useConsole } from '../context.js';
import { useAction, useLoad } from '../load.js';

/** The keys that sign every app's tokens: which one signs now, and a rotation when one is due (or leaked). */
export function SigningKeys() {
  const { admin } = useConsole();
  const keys = useLoad(() => admin.listSigningKeys(), [admin]);
  const action = useAction();
  return (
    <section>
      <hgroup>
        <h2>Signing keys</h2>
        <p>They sign the access and refresh tokens of every app. The private keys never leave the server.</p>
      </hgroup>
      <Show loaded={keys} empty={(list) => (list.length === 0 ? 'No signing keys yet: the first login makes one.' : null)}>
        {(list) => (
          <div className="overflow-auto">
            <table className="striped cards" data-testid="signing-keys">
              <thead>
                <tr>
                  <th scope="col">Key id</th>
                  <th scope="col">Role</th>
                  <th scope="col">Created</th>
                  <th scope="col">Retired</th>
                </tr>
              </thead>
              <tbody>
                {list.map((key) => (
                  <tr key={key.kid}>
                    <td data-label="Key id" className="mono">
                      {key.kid}
                    </td>
                    <td data-label="Role">{key.signing ? <strong>signs new tokens</strong> : 'verifies earlier tokens'}</td>
                    <td data-label="Created">
                      <Time value={key.created_at} />
                    </td>
                    <td data-label="Retired">
                      <Time value={key.retired_at} never="–" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Show>
      <ConfirmButton
        label="Rotate signing key"
        title="Make a new signing key?"
        confirm="Rotate"
        disabled={action.busy}
        onConfirm={() => action.run(() => admin.rotateSigningKeys()).then((done) => done && keys.reload())}
      >
        <p>
          Every node signs with the new key at once. Tokens signed before keep working until they expire (a day at most): nobody is logged
          out.
        </p>
      </ConfirmButton>
      <ErrorNote message={action.error} />
    </section>
  );
}
