import type { App } from '@latchkey/admin';
import { useState } from 'react';
import { useConsole } from '../context.js';
import { useAction } from '../load.js';
import { ConfirmButton } from './confirm.js';
import { ErrorNote } from './states.js';

/** The secret that signs the app's webhook calls: made or replaced here, shown once. */
export function WebhookSecret({ app, onChanged }: { app: App; onChanged: () => void }) {
  const { admin } = useConsole();
  const [secret, setSecret] = useState<string | null>(null);
  const action = useAction();
  const rotate = () =>
    action.run(async () => setSecret(await admin.rotateWebhookSecret(app.client_app_id))).then((done) => done && onChanged());
  return (
    <article>
      <h3>Webhook secret</h3>
      <p>
        Signs every call Latchkey makes to the app's webhooks (confirmation, reset, custom function), so the app's backend can check they
        came from here. {app.has_webhook_secret ? 'This app has one.' : 'This app has none yet: webhooks need one.'}
      </p>
      {secret ? (
        <div className="secret" role="status">
          <p>
            <strong>Copy it now into the app's backend:</strong> it will not be shown again.
          </p>
          <pre>
            <code data-testid="webhook-secret">{secret}</code>
          </pre>
          <button type="button" className="secondary" onClick={() => setSecret(null)}>
            I have stored it
          </button>
        </div>
      ) : null}
      {app.has_webhook_secret ? (
        <ConfirmButton
          label="Replace webhook secret"
          title="Replace the webhook secret?"
          confirm="Replace"
          disabled={action.busy}
          onConfirm={rotate}
        >
          <p>Calls are signed with the new secret at once: the app's backend must be given it, or it will refuse them.</p>
        </ConfirmButton>
      ) : (
        <button type="button" className="secondary" disabled={action.busy} onClick={() => void rotate()}>
          Create webhook secret
        </button>
      )}
      <ErrorNote message={action.error} />
    </article>
  );
}
