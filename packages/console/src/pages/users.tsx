import type { User, UserQuery } from '@latchkey/admin';
import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { DataTable, type Column } from '../components/data-table.js';
import { NewUser } from '../components/new-user.js';
import { Pager, usePages } from '../components/pager.js';
import { Show, State, Time } from '../components/states.js';
import { useConsole } from '../context.js';
import { useLoad } from '../load.js';

const PAGE = 25;
const OBJECT_ID = /^[0-9a-f]{24}$/i;

export const emailOf = (user: User) => user.identities.find((identity) => identity.email)?.email ?? null;

const USER_COLUMNS: Column<User>[] = [
  {
    label: 'User',
    cell: (user) => (
      <>
        <Link href={`/users/${user._id}`}>{emailOf(user) ?? (user.type === 'server' ? 'server user' : 'anonymous')}</Link>
        <br />
        <small className="muted mono">{user._id}</small>
      </>
    ),
  },
  { label: 'Providers', cell: (user) => user.identities.map((identity) => identity.provider_type).join(', ') },
  { label: 'State', cell: (user) => <State disabled={user.disabled} /> },
  { label: 'Keys', cell: (user) => user.api_key_count },
  { label: 'Created', cell: (user) => <Time value={user.created_at} /> },
  { label: 'Last login', cell: (user) => <Time value={user.last_login_at} /> },
];

interface Filters {
  email: string;
  provider: '' | NonNullable<UserQuery['provider']>;
  state: '' | 'enabled' | 'disabled';
  type: '' | 'normal' | 'server';
}

/** Users, newest first: search by email (exact) or id, filters, and pages. */
export function Users() {
  const { admin, app } = useConsole();
  const [, navigate] = useLocation();
  const [draft, setDraft] = useState<Filters>({ email: '', provider: '', state: '', type: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  // The `after` of every page seen, so Previous goes back without the server keeping state.
  const paging = usePages();
  const after = paging.after;
  const users = useLoad(
    () =>
      admin.listUsers(app, {
        limit: PAGE,
        ...(after ? { after } : {}),
        ...(filters.email ? { email: filters.email } : {}),
        ...(filters.provider ? { provider: filters.provider } : {}),
        ...(filters.state ? { disabled: filters.state === 'disabled' } : {}),
        ...(filters.type ? { type: filters.type } : {}),
      }),
    [admin, app, filters, after],
  );
  function search(event: FormEvent) {
    event.preventDefault();
    const query = draft.email.trim();
    if (OBJECT_ID.test(query)) return navigate(`/users/${query.toLowerCase()}`);
    setFilters({ ...draft, email: query });
    paging.reset();
  }
  return (
    <section>
      <h2>Users</h2>
      <NewUser />
      <form role="search" onSubmit={search} className="filters">
        <div>
          <label htmlFor="user-search">Email or user id</label>
          <input
            id="user-search"
            type="search"
            value={draft.email}
            onChange={(event) => setDraft({ ...draft, email: event.target.value })}
          />
        </div>
        <div>
          <label htmlFor="user-provider">Provider</label>
          <select
            id="user-provider"
            value={draft.provider}
            onChange={(event) => setDraft({ ...draft, provider: event.target.value as Filters['provider'] })}
          >
            <option value="">any</option>
            <option value="local-userpass">email and password</option>
            <option value="anon-user">anonymous</option>
            <option value="api-key">API key</option>
            <option value="custom-token">custom JWT</option>
            <option value="custom-function">custom function</option>
            <option value="oauth2-google">Google</option>
            <option value="oauth2-apple">Apple</option>
            <option value="oauth2-facebook">Facebook</option>
          </select>
        </div>
        <div>
          <label htmlFor="user-state">State</label>
          <select
            id="user-state"
            value={draft.state}
            onChange={(event) => setDraft({ ...draft, state: event.target.value as Filters['state'] })}
          >
            <option value="">any</option>
            <option value="enabled">enabled</option>
            <option value="disabled">disabled</option>
          </select>
        </div>
        <div>
          <label htmlFor="user-type">Type</label>
          <select
            id="user-type"
            value={draft.type}
            onChange={(event) => setDraft({ ...draft, type: event.target.value as Filters['type'] })}
          >
            <option value="">any</option>
            <option value="normal">users</option>
            <option value="server">server users</option>
          </select>
        </div>
        <div className="filters-submit">
          <button type="submit">Search</button>
        </div>
      </form>
      <Show loaded={users} empty={(list) => (list.length === 0 && paging.first ? 'No users match.' : null)}>
        {(list) => (
          <>
            <DataTable rows={list} columns={USER_COLUMNS} rowKey={(user) => user._id} />
            <Pager paging={paging} list={list} size={PAGE} labels={['Previous', 'Next']} />
          </>
        )}
      </Show>
    </section>
  );
}
