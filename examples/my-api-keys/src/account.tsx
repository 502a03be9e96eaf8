import { useEmailPasswordAuth } from '@latchkey/react';
import { useState, type FormEvent } from 'react';
import { Problem } from './problem.js';

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

/** Signed out: sign in or up, ask for a reset link, or set a new password from one. */
export function SignedOut() {
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
    <form className="card" onSubmit={(event) => void submit(event)}>
      <h2>Forgot your password?</h2>
      <label htmlFor="reset-email">Email</label>
      <input
        id="reset-email"
        name="reset-email"
        type="email"
        autoComplete="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        required
      />
      <div className="actions">
        <button type="submit" className="primary">
          Send reset link
        </button>
        <button type="button" className="link" onClick={onBack}>
          Back to sign in
        </button>
      </div>
      {result.state === 'success' && (
        <p role="status" className="note">
          If that address has an account, a reset link is on its way.
        </p>
      )}
      {result.state === 'error' && <Problem error={result.error} />}
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
      <p role="status" className="card note">
        Your password is changed, and every device signed in before is signed out. <a href={signInUrl()}>Sign in</a>
      </p>
    );
  }
  return (
    <form className="card" onSubmit={(event) => void submit(event)}>
      <h2>Choose a new password</h2>
      <label htmlFor="new-password">New password</label>
      <input
        id="new-password"
        name="new-password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        minLength={6}
        required
      />
      <small className="hint">At least 6 characters.</small>
      <div className="actions">
        <button type="submit" className="primary">
          Set password
        </button>
      </div>
      {result.state === 'error' && <Problem error={result.error} />}
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
    <form className="card" onSubmit={(event) => void submit('in')(event)}>
      <h2>Sign in</h2>
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
      <label htmlFor="password">Password</label>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        minLength={6}
        required
      />
      <div className="actions">
        <button type="submit" className="primary">
          Sign in
        </button>
        <button type="button" className="secondary" onClick={(event) => void submit('up')(event)}>
          Sign up
        </button>
        <button type="button" className="link" onClick={onForgot}>
          Forgot password?
        </button>
      </div>
      {result.state === 'error' && <Problem error={result.error} />}
    </form>
  );
}
