import type { ApiKey, AuditEvent } from '@latchkey/admin';
import { Link, useParams } from 'wouter';
import { rotating } from '../components/keys-table.js';
import { Show, State, Time } from '../components/states.js';
import { useConsole } from '../context.js';
import { useLoad } from '../load.js';

const DAYS = 30;
/** More logins than this in 30 days are counted as "at least": the page reads the audit log, not a counter. */
const MOST_EVENTS = 5000;

interface Usage {
  key: ApiKey;
  perDay: [day: string, logins: number][];
  total: number;
  capped: boolean;
  lastLogin: AuditEvent | null;
}

/** A key's logins over the last 30 days, by UTC day, from the audit log. */
async function usageOf(key: ApiKey, events: AsyncIterable<AuditEvent>): Promise<Usage> {
  const counts = new Map<string, number>();
  let total = 0;
  let lastLogin: AuditEvent | null = null;
  for await (const event of events) {
    lastLogin ??= event;
    const day = event.at.slice(0, 10);
    counts.set(day, (counts.get(day) ?? 0) + 1);
    if (++total >= MOST_EVENTS) break;
  }
  const today = Date.now();
  const perDay = Array.from({ length: DAYS }, (_, back): [string, number] => {
    const day = new Date(today - back * 86_400_000).toISOString().slice(0, 10);
    return [day, counts.get(day) ?? 0];
  });
  return { key, perDay, total, capped: total >= MOST_EVENTS, lastLogin };
}

function Bars({ perDay }: { perDay: Usage['perDay'] }) {
  const most = Math.max(1, ...perDay.map(([, logins]) => logins));
  return (
    <table className="bars" data-testid="logins-per-day">
      <caption className="visually-hidden">Logins per day, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Day (UTC)</th>
          <th scope="col">Logins</th>
        </tr>
      </thead>
      <tbody>
        {perDay.map(([day, logins]) => (
          <tr key={day}>
            <td>{day}</td>
            <td>
              <span className="bar" style={{ width: `${(logins / most) * 100}%` }} aria-hidden="true" />
              <span className="bar-value">{logins}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One key, a user's or a server key: its facts, where it was last used from, and its logins per day. */
export function KeyPage() {
  const { admin, app } = useConsole();
  const { userId, keyId } = useParams<{ userId?: string; keyId: string }>();
  const since = new Date(Date.now() - DAYS * 86_400_000).toISOString();
  const usage = useLoad(async () => {
    const key = userId ? await admin.getUserKey(app, userId, keyId) : await admin.getServerKey(app, keyId);
    return usageOf(key, admin.auditEvents(app, { type: 'login.succeeded', key_id: keyId, since, limit: 1000 }));
  }, [admin, app, userId, keyId]);
  const back = userId ? `/users/${userId}` : '/server-keys';
  return (
    <section>
      <p>
        <Link href={back}>{userId ? '← The user' : '← Server keys'}</Link>
      </p>
      <Show loaded={usage}>
        {({ key, perDay, total, capped, lastLogin }) => (
          <>
            <hgroup>
              <h2>{key.name}</h2>
              <p className="mono">{key._id}</p>
            </hgroup>
            <dl className="facts">
              <dt>State</dt>
              <dd>
                <State disabled={key.disabled} />
              </dd>
              <dt>Scopes</dt>
              <dd>{key.scopes.length ? key.scopes.join(' ') : 'all (unscoped)'}</dd>
              <dt>Created</dt>
              <dd>
                <Time value={key.created_at} />
              </dd>
              <dt>Last used</dt>
              <dd>
                <Time value={key.last_used_at} />
              </dd>
              <dt>Last login from</dt>
              <dd>
                {lastLogin?.ip ?? <span className="muted">no login in {DAYS} days</span>}
                {lastLogin?.user_agent ? <small className="muted"> {lastLogin.user_agent}</small> : null}
              </dd>
              <dt>Previous secret</dt>
              <dd>
                {rotating(key) ? (
                  <>
                    rotated: the old secret logs in until <Time value={key.previous_secret_valid_until} />
                  </>
                ) : (
                  <span className="muted">none (not rotated, or its grace has ended)</span>
                )}
              </dd>
              <dt>Expires</dt>
              <dd>
                <Time value={key.expires_at} />
              </dd>
              <dt>Logins, {DAYS} days</dt>
              <dd data-testid="logins-total">{capped ? `at least ${total}` : total}</dd>
            </dl>
            <p>
              <Link href={`/audit/key/${key._id}`}>Every audit event of this key</Link>
            </p>
            <h3>Logins per day</h3>
            <Bars perDay={perDay} />
          </>
        )}
      </Show>
    </section>
  );
}
