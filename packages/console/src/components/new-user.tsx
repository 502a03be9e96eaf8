import { useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { useConsole } from '../context.js';
import { useAction } from '../load.js';
import { ErrorNote } from './states.js';

/** Creates a confirmed email/password user (for a colleague, a test account, a support case) and opens their page. */
export function NewUser() {
  const { admin, app } = useConsole();
  const [, navigate] = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();
  async function create(event: FormEvent) {
    event.preventDefault();
    let id = '';
    if (await action.run(async () => (id = (await admin.createUser(app, { email: email.trim(), password }))._id))) navigate(`/users/${id}`);
  }
  return (
    <details>
      <summary role="button" className="secondary outline">
        Create a user
      </summary>
      <form onSubmit={(event) => void create(event)} aria-label="New user">
        <div className="grid">
          <div>
            <label htmlFor="new-user-email">Email</label>
            <input
              id="new-user-email"
              type="email"
              required
              autoComplete="off"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          </div>
          <div>
            <label htmlFor="new-user-password">Password</label>
            <input
              id="new-user-password"
              type="password"
              required
              minLength={6}
              maxLength={128}
              autoComplete="new-password"
              aria-describedby="new-user-password-help"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
            <small id="new-user-password-help">6 to 128 characters. The user is confirmed and can log in at once.</small>
          </div>
        </div>
        <ErrorNote message={action.error} />
        <button type="submit" aria-busy={action.busy} disabled={action.busy}>
          Create user
        </button>
      </form>
    </details>
  );
}
