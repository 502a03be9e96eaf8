import type { SigningKey } from '@latchkey/admin';
import { ConfirmButton } from '../components/confirm.js';
import { DataTable, type Column } from '../components/data-table.js';
import { ErrorNote, Show, Time } from '../components/states.js';
import { useConsole } from '../context.js';
import { useAction, useLoad } from '../load.js';

const SIGNING_KEY_COLUMNS: Column<SigningKey>[] = [
  { label: 'Key id', cell: (key) => key.kid, className: 'mono' },
  { label: 'Role', cell: (key) => (key.signing ? <strong>signs new tokens</strong> : 'verifies earlier tokens') },
  { label: 'Created', cell: (key) => <Time value={key.created_at} /> },
  { label: 'Retired', cell: (key) => <Time value={key.retired_at} never="–" /> },
];

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
        {(list) => <DataTable rows={list} columns={SIGNING_KEY_COLUMNS} rowKey={(key) => key.kid} testId="signing-keys" />}
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
