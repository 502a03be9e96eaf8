import type { App } from '@latchkey/admin';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { useConsole } from '../context.js';
import { useAction } from '../load.js';
import { ConfirmButton } from './confirm.js';
import { ErrorNote } from './states.js';

/** Deleting an app takes its users, keys, sessions, mail and audit log with it: the id must be typed to confirm. */
export function DeleteApp({ app }: { app: App }) {
  const { admin, reloadApps } = useConsole();
  const [, navigate] = useLocation();
  const [typed, setTyped] = useState('');
  const action = useAction();
  return (
    <article>
      <h3>Delete this app</h3>
      <p>Its users, their keys and sessions, its server keys, mail and audit log are deleted with it. This cannot be undone.</p>
      <label htmlFor="delete-app-id">Type the client app id ({app.client_app_id}) to confirm</label>
      <input id="delete-app-id" autoComplete="off" value={typed} onChange={(event) => setTyped(event.target.value)} />
      <ConfirmButton
        label="Delete app"
        title={`Delete ${app.client_app_id} with all its users?`}
        confirm="Delete app"
        danger
        disabled={action.busy || typed.trim() !== app.client_app_id}
        onConfirm={async () => {
          if (!(await action.run(() => admin.deleteApp(app.client_app_id)))) return;
          await reloadApps();
          navigate('/apps');
        }}
      >
        <p>Every user of {app.client_app_id} loses their account and every key stops working, at once.</p>
      </ConfirmButton>
      <ErrorNote message={action.error} />
    </article>
  );
}
