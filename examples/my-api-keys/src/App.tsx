import type { CreatedApiKey } from '@latchkey/client';
import { AppProvider, UserProvider, useApiKeys, useAuth, useEmailPasswordAuth, useUser } from '@latchkey/react';
import { useState, type FormEvent } from 'react';

/** A time as the reader's locale writes it. */
const when = (iso: string) => new Date(iso).toLocaleString();

/** The whole page: sign in (or up) first, then manage your keys. */
export function MyApiKeysApp({ baseUrl, appId }: { baseUrl: string; appId: string }) {
  return (
    <AppProvider id={appId} baseUrl={baseUrl}>
      <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '2rem auto' }}>
        <h1>My API keys</h1>
        <UserProvider fallback={<SignedOut />}>
          <Keys />
        </UserProvider>
      </main>
    </AppProvider>
  );
}

/** Reset and confirmation links come back here with `?action=reset|confirm&token=…&tokenId=…`. */
function signInUrl(): string {
  const url = new URL(location.href);
  for (const name of ['action', 'token', 'tokenId']) url.searchParams.delete(name);
  return url.toString();
}

function linkFromUrl(): { action: string; token: string; tokenId: string } | null {
  const query = new URLSearchParams(location.search);
  const [action, token, tokenId] = [query.get('action'), query.get('token'), query.get('tokenId')];
  return action && token && tokenId ? { action, token, tokenId } : null;
}

function SignedOut() {
  const [view, setView] = useState<'sign-in' | 'forgot'>('sign-in');
  const link = linkFromUrl();
  if (link?.action === 'reset') return <ResetPassword token={link.token} tokenId={link.tokenId} />;
  if (view === 'forgot') return <ForgotPassword onBack={() => setView('sign-in')} />;
  return <SignIn onForgot={() => setView('forgot')} />;
}

function ForgotPassword({ onBack }: { onBack: () => void }) {
  const { sendResetPasswordEmail, result } = useEmailPasswordAuth();
  const [email, setEmail] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await sendResetPasswordEmail({ email }).catch(() => undefined);
  };
  return (
    <form onSubmit={(event) => void submit(event)}>
      <h2>Forgot your password?</h2>
      <label>
        Email <input name="reset-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
      </label>{' '}
      <button type="submit">Send reset link</button>{' '}
      <button type="button" onClick={onBack}>
        Back to sign in
      </button>
      {result.state === 'success' && <p role="status">If that address has an account, a reset link is on its way.</p>}
      {result.state === 'error' && <p role="alert">{result.error?.message}</p>}
    </form>
  );
}

function ResetPassword({ token, tokenId }: { token: string; tokenId: string }) {
  const { resetPassword, result } = useEmailPasswordAuth();
  const [password, setPassword] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await resetPassword({ token, tokenId, password }).catch(() => undefined);
  };
  if (result.state === 'success') {
    return (
      <p role="status">
        Your password is changed, and every device signed in before is signed out. <a href={signInUrl()}>Sign in</a>
      </p>
    );
  }
  return (
    <form onSubmit={(event) => void submit(event)}>
      <h2>Choose a new password</h2>
      <label>
        New password{' '}
        <input name="new-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} minLength={6} required />
      </label>{' '}
      <button type="submit">Set password</button>
      {result.state === 'error' && <p role="alert">{result.error?.message}</p>}
    </form>
  );
}

function SignIn({ onForgot }: { onForgot: () => void }) {
  const { register, logIn, result } = useEmailPasswordAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = (mode: 'in' | 'up') => async (event: FormEvent) => {
    event.preventDefault();
    try {
      if (mode === 'up') await register({ email, password });
      await logIn({ email, password });
    } catch {
      // shown below through result.error
    }
  };
  return (
    <form onSubmit={(event) => void submit('in')(event)}>
      <label>
        Email <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
      </label>{' '}
      <label>
        Password{' '}
        <input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} minLength={6} required />
      </label>{' '}
      <button type="submit">Sign in</button>{' '}
      <button type="button" onClick={(event) => void submit('up')(event)}>
        Sign up
      </button>{' '}
      <button type="button" onClick={onForgot}>
        Forgot password?
      </button>
      {result.state === 'error' && <p role="alert">{result.error?.message}</p>}
    </form>
  );
}

function Keys() {
  const user = useUser();
  const { logOut } = useAuth();
  const { keys, loading, error, result, create, rotate, enable, disable, remove } = useApiKeys();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    try {
      setCreated(await create(name));
      setName('');
    } catch {
      // shown below through result.error
    }
  };
  return (
    <section>
      <p>
        Signed in as <strong>{String(user.profile.email ?? user.id)}</strong> <button onClick={() => void logOut()}>Sign out</button>
      </p>
      <form onSubmit={(event) => void add(event)}>
        <label>
          New key name{' '}
          <input name="key-name" value={name} onChange={(e) => setName(e.target.value)} pattern="[A-Za-z0-9_\-]{1,64}" required />
        </label>{' '}
        <button type="submit">Create key</button>
      </form>
      {result.state === 'error' && <p role="alert">{result.error?.message}</p>}
      {created && (
        <div role="status" style={{ border: '2px solid #b45309', padding: '0.75rem', margin: '1rem 0' }}>
          <p>
            <strong>Copy this key now. It will not be shown again.</strong>
          </p>
          <code data-testid="secret">{created.key}</code>{' '}
          <button onClick={() => void navigator.clipboard?.writeText(created.key)}>Copy</button>{' '}
          <button onClick={() => setCreated(null)}>Done</button>
        </div>
      )}
      {loading ? (
        <p>Loading…</p>
      ) : error && keys.length === 0 ? (
        <p role="alert">Could not load your keys ({error.message}).</p>
      ) : keys.length === 0 ? (
        <p>No keys yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Status</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Expires</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key._id} data-testid={`key-${key.name}`}>
                <td>{key.name}</td>
                <td>{key.disabled ? 'disabled' : 'enabled'}</td>
                <td>{when(key.created_at)}</td>
                <td>{key.last_used_at ? when(key.last_used_at) : 'never'}</td>
                <td>{key.expires_at ? when(key.expires_at) : 'never'}</td>
                <td>
                  {key.disabled ? (
                    <button onClick={() => void enable(key._id)}>Enable</button>
                  ) : (
                    <button onClick={() => void disable(key._id)}>Disable</button>
                  )}{' '}
                  <button
                    onClick={() => {
                      if (confirm(`Rotate the key "${key.name}"? Its current secret stops working at once.`))
                        void rotate(key._id, { graceSeconds: 0 }).then(setCreated, () => undefined);
                    }}
                  >
                    Rotate
                  </button>{' '}
                  <button
                    onClick={() => {
                      if (confirm(`Delete the key "${key.name}"? Devices using it will be signed out.`)) void remove(key._id);
                    }}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
