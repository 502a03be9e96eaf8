import type { AuditEvent, AuditEventType, AuditQuery } from '@latchkey/admin';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'wouter';
import { DataTable, type Column } from '../components/data-table.js';
import { Pager, usePages } from '../components/pager.js';
import { Show, Time } from '../components/states.js';
import { useConsole } from '../context.js';
import { useLoad } from '../load.js';

const PAGE = 50;

/** Every event type the server records, with what it means; the compiler refuses one missing or unknown. */
const EVENT_TYPES: Record<AuditEventType, string> = {
  'user.registered': 'registered',
  'user.confirmed': 'confirmed their address',
  'user.created': 'created by an operator',
  'user.disabled': 'user disabled',
  'user.enabled': 'user enabled',
  'user.deleted': 'user deleted',
  'identity.linked': 'identity linked',
  'login.succeeded': 'logged in',
  'login.failed': 'login refused',
  'sessions.revoked': 'sessions ended',
  'password.reset': 'password reset',
  'key.created': 'key created',
  'key.enabled': 'key enabled',
  'key.disabled': 'key disabled',
  'key.deleted': 'key deleted',
  'key.rotated': 'key rotated',
  'key.revoked_as_leaked': 'key revoked as leaked',
  'custom_data.changed': 'custom data changed',
  'app.created': 'app created',
  'app.settings_changed': 'settings changed',
  'app.webhook_secret_rotated': 'webhook secret replaced',
  'app.imported': 'app imported',
  'users.imported': 'users imported',
  'custom_data.imported': 'custom data imported',
  'password.reset_campaign': 'reset mails queued for imported users',
};

interface Filters {
  type: '' | AuditEventType;
  user: string;
  key: string;
  since: string;
  until: string;
}

/** `datetime-local` is the viewer's local time; the API takes UTC. */
const utc = (local: string) => (local ? new Date(local).toISOString() : undefined);

function Detail({ detail }: { detail: Record<string, unknown> }) {
  const entries = Object.entries(detail);
  if (entries.length === 0) return <span className="muted">–</span>;
  return (
    <span className="detail">
      {entries.map(([name, value]) => (
        <span key={name}>
          {name}: <code>{typeof value === 'string' ? value : JSON.stringify(value)}</code>{' '}
        </span>
      ))}
    </span>
  );
}

/** An event type that may break after its dots: `app.` / `webhook_secret_rotated`. */
function EventType({ type }: { type: AuditEventType }) {
  return (
    <code title={EVENT_TYPES[type]}>
      {type.split('.').map((part, index) => (
        <span key={part}>
          {index > 0 ? (
            <>
              .<wbr />
            </>
          ) : null}
          {part}
        </span>
      ))}
    </code>
  );
}

/** An id on one line on a desktop (the whole id on hover), a link where it leads somewhere. */
function ShortId({ id, href }: { id: string | null; href?: string }) {
  if (!id) return <>–</>;
  return href ? (
    <Link href={href} className="id" title={id}>
      {id}
    </Link>
  ) : (
    <span className="id" title={id}>
      {id}
    </span>
  );
}

const EVENT_COLUMNS: Column<AuditEvent>[] = [
  { label: 'When', cell: (event) => <Time value={event.at} /> },
  { label: 'Event', cell: (event) => <EventType type={event.type} /> },
  {
    label: 'By',
    cell: (event) => (event.user_id && event.actor === `user:${event.user_id}` ? 'the user' : event.actor.replace(/^user:/, 'user ')),
  },
  { label: 'User', className: 'mono small', cell: (event) => <ShortId id={event.user_id} href={`/users/${event.user_id}`} /> },
  { label: 'Key', className: 'mono small', cell: (event) => <ShortId id={event.key_id} /> },
  {
    label: 'From',
    className: 'wrap',
    cell: (event) => (
      <>
        {event.ip ?? '–'}
        {event.user_agent ? (
          <small className="muted ua" title={event.user_agent}>
            {event.user_agent}
          </small>
        ) : null}
      </>
    ),
  },
  { label: 'Detail', className: 'wrap', cell: (event) => <Detail detail={event.detail} /> },
];

/** A user named by email becomes their id; an email nobody has matches no event. */
async function userIdOf(admin: ReturnType<typeof useConsole>['admin'], app: string, text: string): Promise<string | null> {
  if (!text.includes('@')) return text;
  const [user] = await admin.listUsers(app, { email: text, limit: 1 });
  return user?._id ?? null;
}

/** The app's audit log, newest first; `/audit/user/:userId` and `/audit/key/:keyId` open it filtered. */
export function Audit() {
  const { admin, app } = useConsole();
  const params = useParams<{ userId?: string; keyId?: string }>();
  const initial: Filters = { type: '', user: params.userId ?? '', key: params.keyId ?? '', since: '', until: '' };
  const [draft, setDraft] = useState<Filters>(initial);
  const [filters, setFilters] = useState<Filters>(initial);
  const paging = usePages();
  const after = paging.after;
  const events = useLoad(async () => {
    const since = utc(filters.since);
    const until = utc(filters.until);
    const userId = filters.user.trim() ? await userIdOf(admin, app, filters.user.trim()) : '';
    if (userId === null) return [];
    const query: AuditQuery = {
      limit: PAGE,
      ...(after ? { after } : {}),
      ...(filters.type ? { type: filters.type } : {}),
      ...(userId ? { user_id: userId } : {}),
      ...(filters.key.trim() ? { key_id: filters.key.trim() } : {}),
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
    };
    return admin.listAuditEvents(app, query);
  }, [admin, app, filters, after]);
  function apply(event: FormEvent) {
    event.preventDefault();
    setFilters(draft);
    paging.reset();
  }
  const field = (name: keyof Filters) => ({
    id: `audit-${name}`,
    value: draft[name],
    onChange: (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value }),
  });
  return (
    <section>
      <h2>Audit log</h2>
      <form onSubmit={apply} className="filters" aria-label="Audit filters">
        <div>
          <label htmlFor="audit-type">Event</label>
          <select {...field('type')}>
            <option value="">any</option>
            {Object.entries(EVENT_TYPES).map(([type, label]) => (
              <option key={type} value={type}>
                {type} ({label})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-user">User (id or email)</label>
          <input {...field('user')} />
        </div>
        <div>
          <label htmlFor="audit-key">Key id</label>
          <input {...field('key')} pattern="[0-9a-fA-F]{24}" />
        </div>
        <div>
          <label htmlFor="audit-since">From</label>
          <input type="datetime-local" {...field('since')} />
        </div>
        <div>
          <label htmlFor="audit-until">Until</label>
          <input type="datetime-local" {...field('until')} />
        </div>
        <div className="filters-submit">
          <button type="submit">Filter</button>
        </div>
      </form>
      <Show loaded={events} empty={(list) => (list.length === 0 && paging.first ? 'No events match.' : null)}>
        {(list) => (
          <>
            <DataTable rows={list} columns={EVENT_COLUMNS} rowKey={(event) => event._id} className="audit" testId="audit-events" />
            <Pager paging={paging} list={list} size={PAGE} labels={['Newer', 'Older']} />
          </>
        )}
      </Show>
    </section>
  );
}
