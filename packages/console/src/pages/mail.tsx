import type { PendingRegistration, QueuedMail } from '@latchkey/admin';
import { ErrorNote, Show, Time } from '../components/states.js';
import { useConsole } from '../context.js';
import { useAction, useLoad } from '../load.js';

const KINDS: Record<string, string> = { confirm: 'confirmation', reset: 'password reset' };

function mailState(mail: QueuedMail): string {
  if (mail.given_up_at) return 'given up';
  return mail.attempts === 0 ? 'waiting' : `retrying (${mail.attempts} ${mail.attempts === 1 ? 'attempt' : 'attempts'})`;
}

/** Registrations waiting for their confirmation, and the mail still to be sent (or given up on). */
export function Mail() {
  const { admin, app } = useConsole();
  const pending = useLoad(() => admin.listPendingRegistrations(app, { limit: 200 }), [admin, app]);
  const mail = useLoad(() => admin.listMail({ limit: 200 }), [admin]);
  const action = useAction();
  const registrationAction = (run: (appId: string, email: string) => Promise<void>) => (registration: PendingRegistration) =>
    void action
      .run(() => run(app, registration.email))
      .then((done) => {
        if (!done) return;
        pending.reload();
        mail.reload();
      });
  return (
    <section>
      <h2>Registrations and mail</h2>
      <h3>Waiting for confirmation</h3>
      <Show loaded={pending} empty={(list) => (list.length === 0 ? 'Nobody is waiting to confirm their address.' : null)}>
        {(list) => (
          <div className="overflow-auto">
            <table className="striped cards" data-testid="pending-registrations">
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Registered</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((registration) => (
                  <tr key={registration._id} data-testid={`pending-${registration.email}`}>
                    <td data-label="Email">{registration.email}</td>
                    <td data-label="Registered">
                      <Time value={registration.created_at} />
                    </td>
                    <td className="actions">
                      <button
                        type="button"
                        className="secondary"
                        disabled={action.busy}
                        onClick={registrationAction(admin.confirmRegistration).bind(null, registration)}
                      >
                        Confirm
                      </button>
                      <button
                        type="button"
                        className="secondary"
                        disabled={action.busy}
                        onClick={registrationAction(admin.resendConfirmation).bind(null, registration)}
                      >
                        Send again
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Show>
      <h3>Mail queue</h3>
      <p className="muted">Confirmation and reset mail of every app, oldest first; sent mail leaves the queue.</p>
      <Show loaded={mail} empty={(list) => (list.length === 0 ? 'No mail is waiting.' : null)}>
        {(list) => (
          <div className="overflow-auto">
            <table className="striped cards" data-testid="mail-queue">
              <thead>
                <tr>
                  <th scope="col">To</th>
                  <th scope="col">Kind</th>
                  <th scope="col">State</th>
                  <th scope="col">Next attempt</th>
                  <th scope="col">Last error</th>
                </tr>
              </thead>
              <tbody>
                {list.map((queued) => (
                  <tr key={queued._id}>
                    <td data-label="To">{queued.to}</td>
                    <td data-label="Kind">{KINDS[queued.kind] ?? queued.kind}</td>
                    <td data-label="State">{mailState(queued)}</td>
                    <td data-label="Next attempt">{queued.given_up_at ? '–' : <Time value={queued.next_attempt_at} />}</td>
                    <td data-label="Last error" className="wrap">
                      {queued.last_error ?? '–'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Show>
      <button
        type="button"
        className="secondary"
        disabled={action.busy}
        onClick={() => void action.run(() => admin.retryMail()).then((done) => done && mail.reload())}
      >
        Retry every mail now
      </button>
      <ErrorNote message={action.error} />
    </section>
  );
}
