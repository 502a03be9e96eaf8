import type { ApiKey } from '@latchkey/admin';
import { Link, useLocation, useParams } from 'wouter';
import { ConfirmButton } from '../components/confirm.js';
import { CustomDataEditor } from '../components/custom-data.js';
import { KeysTable } from '../components/keys-table.js';
import { ErrorNote, Show, State, Time } from '../components/states.js';
import { useConsole } from '../context.js';
import { useAction, useLoad } from '../load.js';
import { emailOf } from './users.js';

/** One user: identities, dates, disable / enable / log out / delete, and their API keys. */
export function UserPage() {
  const { admin, app } = useConsole();
  const { userId } = useParams<{ userId: string }>();
  const [, navigate] = useLocation();
  const user = useLoad(() => admin.getUser(app, userId), [admin, app, userId]);
  const keys = useLoad(() => admin.listUserKeys(app, userId), [admin, app, userId]);
  const action = useAction();
  const then = async (run: () => Promise<unknown>) => {
    if (await action.run(run)) {
      user.reload();
      keys.reload();
    }
  };
  const keyAction = (change: (appId: string, userId: string, keyId: string) => Promise<void>) => (key: ApiKey) =>
    void then(() => change(app, userId, key._id));
  return (
    <section>
      <p>
        <Link href="/users">← Users</Link>
      </p>
      <Show loaded={user}>
        {(shown) => (
          <>
            <hgroup>
              <h2>{emailOf(shown) ?? (shown.type === 'server' ? 'Server user' : 'Anonymous user')}</h2>
              <p className="mono">{shown._id}</p>
            </hgroup>
            <dl className="facts">
              <dt>State</dt>
              <dd>
                <State disabled={shown.disabled} />
              </dd>
              <dt>Type</dt>
              <dd>{shown.type === 'server' ? 'server user (logs in with server keys)' : 'user'}</dd>
              <dt>Identities</dt>
              <dd>
                {shown.identities.map((identity) => (
                  <span key={identity.id} className="identity">
                    {identity.provider_type}
                    {identity.email ? ` (${identity.email})` : ''}
                  </span>
                ))}
              </dd>
              <dt>Created</dt>
              <dd>
                <Time value={shown.created_at} />
              </dd>
              <dt>Last login</dt>
              <dd>
                <Time value={shown.last_login_at} />
              </dd>
            </dl>
            <p>
              <Link href={`/audit/user/${shown._id}`}>This user's audit events</Link>
            </p>
            <div className="actions" role="group" aria-label="User actions">
              {shown.disabled ? (
                <button
                  type="button"
                  className="secondary"
                  disabled={action.busy}
                  onClick={() => void then(() => admin.enableUser(app, userId))}
                >
                  Enable user
                </button>
              ) : (
                <ConfirmButton
                  label="Disable user"
                  title="Disable this user?"
                  confirm="Disable"
                  disabled={action.busy}
                  onConfirm={() => then(() => admin.disableUser(app, userId))}
                >
                  <p>Every login is refused and every session ends at once, on every node, until you enable them again.</p>
                </ConfirmButton>
              )}
              <ConfirmButton
                label="Log out everywhere"
                title="End every session of this user?"
                confirm="Log out"
                disabled={action.busy}
                onConfirm={() => then(() => admin.logOutUser(app, userId))}
              >
                <p>Their devices must log in again; their API keys keep working.</p>
              </ConfirmButton>
              <ConfirmButton
                label="Delete user"
                title="Delete this user?"
                confirm="Delete user"
                danger
                disabled={action.busy}
                onConfirm={async () => {
                  if (await action.run(() => admin.deleteUser(app, userId))) navigate('/users');
                }}
              >
                <p>Their identities, API keys and sessions are deleted. This cannot be undone.</p>
              </ConfirmButton>
            </div>
            <ErrorNote message={action.error} />
          </>
        )}
      </Show>
      <h3>API keys</h3>
      <Show loaded={keys} empty={(list) => (list.length === 0 ? 'No API keys.' : null)}>
        {(list) => (
          <KeysTable
            keys={list}
            busy={action.busy}
            hrefOf={(key) => `/users/${userId}/keys/${key._id}`}
            onDisable={keyAction(admin.disableUserKey)}
            onEnable={keyAction(admin.enableUserKey)}
            onDelete={keyAction(admin.deleteUserKey)}
          />
        )}
      </Show>
      <h3>Custom data</h3>
      <CustomDataEditor userId={userId} />
    </section>
  );
}
