import type { PendingRegistration, QueuedMail } from '@latchkey/admin';
import { DataTable, type Column } from '../components/data-table.js';
import { ErrorNote, Show, Time } from '../components/states.js';
import { useConsole } from '../context.js';
import { useAction, useLoad } from '../load.js';

const KINDS: Record<string, string> = { confirm: 'confirmation', reset: 'password reset' };

function mailState(mail: QueuedMail): string {
  if (mail.given_up_at) return 'given up';
  return mail.attempts === 0 ? 'waiting' : `retrying (${mail.attempts} ${mail.attempts === 1 ? 'attempt' : 'attempts'})`;
}

const MAIL_COLUMNS: Column<QueuedMail>[] = [
  { label: 'To', cell: (queued) => queued.to },
  { label: 'Kind', cell: (queued) => KINDS[queued.kind] ?? queued.kind },
  { label: 'State', cell: mailState },
  { label: 'Next attempt', cell: (queued) => (queued.given_up_at ? '–' : <Time value={queued.next_attempt_at} />) },
  { label: 'Last error', cell: (queued) => queued.last_error ?? '–', className: 'wrap' },
];

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
          <DataTable
            rows={list}
            rowKey={(registration) => registration._id}
            rowTestId={(registration) => `pending-${registration.email}`}
            testId="pending-registrations"
            columns={[
              { label: 'Email', cell: (registration) => registration.email },
              { label: 'Registered', cell: (registration) => <Time value={registration.created_at} /> },
              {
                label: 'Actions',
                hideLabel: true,
                className: 'actions',
                cell: (registration) => (
                  <>
                    <button
                      type="button"
                      className="secondary"
                      disabled={action.busy}
                      onClick={() => registrationAction(admin.confirmRegistration)(registration)}
                    >
                      Confirm
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      disabled={action.busy}
                      onClick={() => registrationAction(admin.resendConfirmation)(registration)}
                    >
                      Send again
                    </button>
                  </>
                ),
              },
            ]}
          />
        )}
      </Show>
      <h3>Mail queue</h3>
      <p className="muted">Confirmation and reset mail of every app, oldest first; sent mail leaves the queue.</p>
      <Show loaded={mail} empty={(list) => (list.length === 0 ? 'No mail is waiting.' : null)}>
        {(list) => <DataTable rows={list} columns={MAIL_COLUMNS} rowKey={(queued) => queued._id} testId="mail-queue" />}
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
