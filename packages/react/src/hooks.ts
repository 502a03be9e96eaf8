import { Credentials, type ApiKey, type CreatedApiKey, type NewApiKeyOptions, type TokenDetails } from '@latchkey/client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useApp, useUser } from './providers.js';

/** The state of the last operation a hook ran. */
export interface OperationResult {
  state: 'not-started' | 'pending' | 'success' | 'error';
  error: Error | undefined;
}

const NOT_STARTED: OperationResult = { state: 'not-started', error: undefined };

/** Runs async operations, tracking the last one's state; errors land in `result`, and are rethrown. */
function useOperation() {
  const [result, setResult] = useState<OperationResult>(NOT_STARTED);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => void (mounted.current = false);
  }, []);
  const run = useCallback(async <T>(operation: () => Promise<T>): Promise<T> => {
    setResult({ state: 'pending', error: undefined });
    try {
      const value = await operation();
      if (mounted.current) setResult({ state: 'success', error: undefined });
      return value;
    } catch (error) {
      if (mounted.current) setResult({ state: 'error', error: error as Error });
      throw error;
    }
  }, []);
  return { result, run };
}

/**
 * Logging in and out with any provider, with the state of the last attempt. The functions
 * keep their identity across renders.
 *
 * @example
 * ```tsx
 * const { logInWithApiKey, result } = useAuth();
 * <button onClick={() => logInWithApiKey(key)} disabled={result.state === 'pending'}>Sign in</button>
 * ```
 */
export function useAuth() {
  const app = useApp();
  const { result, run } = useOperation();
  const actions = useMemo(
    () => ({
      logIn: (credentials: Credentials) => run(() => app.logIn(credentials)),
      logInWithEmailPassword: ({ email, password }: { email: string; password: string }) =>
        run(() => app.logIn(Credentials.emailPassword(email, password))),
      logInWithAnonymous: () => run(() => app.logIn(Credentials.anonymous())),
      logInWithApiKey: (key: string) => run(() => app.logIn(Credentials.apiKey(key))),
      /** A JWT from the app's own identity system (custom JWT). */
      logInWithJWT: (token: string) => run(() => app.logIn(Credentials.jwt(token))),
      /** A payload the app's login function decides (custom function). */
      logInWithFunction: (payload: Record<string, unknown>) => run(() => app.logIn(Credentials.function(payload))),
      logInWithGoogle: (token: { idToken: string } | { authCode: string }) => run(() => app.logIn(Credentials.google(token))),
      logInWithApple: (idToken: string) => run(() => app.logIn(Credentials.apple(idToken))),
      logInWithFacebook: (accessToken: string) => run(() => app.logIn(Credentials.facebook(accessToken))),
      logOut: () => run(async () => app.currentUser?.logOut()),
    }),
    [app, run],
  );
  return useMemo(() => ({ result, ...actions }), [result, actions]);
}

/**
 * Email/password registration, login, confirmation and password reset, with the state of the
 * last attempt. The functions keep their identity across renders.
 *
 * @example
 * ```tsx
 * const { register, logIn, sendResetPasswordEmail, resetPassword, result } = useEmailPasswordAuth();
 * await register({ email, password });
 * await logIn({ email, password });
 * ```
 */
export function useEmailPasswordAuth() {
  const app = useApp();
  const { result, run } = useOperation();
  const actions = useMemo(() => {
    const auth = app.emailPasswordAuth;
    return {
      register: (details: { email: string; password: string }) => run(() => auth.registerUser(details)),
      logIn: ({ email, password }: { email: string; password: string }) => run(() => app.logIn(Credentials.emailPassword(email, password))),
      logOut: () => run(async () => app.currentUser?.logOut()),
      confirmUser: (details: TokenDetails) => run(() => auth.confirmUser(details)),
      resendConfirmationEmail: (details: { email: string }) => run(() => auth.resendConfirmationEmail(details)),
      retryCustomConfirmation: (details: { email: string }) => run(() => auth.retryCustomConfirmation(details)),
      sendResetPasswordEmail: (details: { email: string }) => run(() => auth.sendResetPasswordEmail(details)),
      resetPassword: (details: TokenDetails & { password: string }) => run(() => auth.resetPassword(details)),
      callResetPasswordFunction: (details: { email: string; password: string }, ...args: unknown[]) =>
        run(() => auth.callResetPasswordFunction(details, ...args)),
    };
  }, [app, run]);
  return useMemo(() => ({ result, ...actions }), [result, actions]);
}

/**
 * The current user's API keys as state, with operations that keep the list current. Inside a
 * UserProvider. `error` is the last failure to load the list (null once it loads): an empty
 * list with an error is "could not load", not "no keys". The secret of a created key is in
 * `create`'s answer and nowhere else, and `create` resolves with it even if reloading the
 * list afterwards fails (the new key is then added to the list as it is).
 *
 * @example
 * ```tsx
 * const { keys, error, create, rotate, disable, enable, remove } = useApiKeys();
 * const { key } = await create('laptop', { scopes: ['read'] }); // show it once
 * const { key: replacement } = await rotate(keys[0]._id, { graceSeconds: 3600 });
 * ```
 */
export function useApiKeys() {
  const user = useUser();
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | null>(null);
  const { result, run } = useOperation();
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => void (live.current = false);
  }, []);

  /** Reloads the list; a failure is kept in `error`, never thrown at the caller. */
  const reload = useCallback(async (): Promise<boolean> => {
    try {
      const fetched = await user.apiKeys.fetchAll();
      if (live.current) {
        setKeys(fetched);
        setError(null);
      }
      return true;
    } catch (failure) {
      if (live.current) setError(failure as Error);
      return false;
    }
  }, [user]);

  useEffect(() => {
    setLoading(true);
    void reload().finally(() => live.current && setLoading(false));
  }, [reload]);

  const actions = useMemo(() => {
    const after = <T>(operation: () => Promise<T>) =>
      run(async () => {
        const value = await operation();
        await reload();
        return value;
      });
    /** The secret is in the answer only: resolve with it even if reloading the list fails. */
    const keepSecret = async (created: CreatedApiKey): Promise<CreatedApiKey> => {
      if (!(await reload()) && live.current) {
        const { key: _secret, ...listed } = created;
        setKeys((current) => [...current.filter((key) => key._id !== created._id), listed]);
      }
      return created;
    };
    return {
      refresh: () =>
        run(async () => {
          if (!(await reload())) throw new Error('could not load the API keys');
        }),
      create: (name: string, options?: NewApiKeyOptions): Promise<CreatedApiKey> =>
        run(async () => keepSecret(await user.apiKeys.create(name, options))),
      /** A new secret for the key (shown once, like a new key's); the old one logs in for `graceSeconds` more. */
      rotate: (keyId: string, options: { graceSeconds: number }): Promise<CreatedApiKey> =>
        run(async () => keepSecret(await user.apiKeys.rotate(keyId, options))),
      enable: (keyId: string) => after(() => user.apiKeys.enable(keyId)),
      disable: (keyId: string) => after(() => user.apiKeys.disable(keyId)),
      remove: (keyId: string) => after(() => user.apiKeys.delete(keyId)),
    };
  }, [user, run, reload]);

  return useMemo(() => ({ keys, loading, error, result, ...actions }), [keys, loading, error, result, actions]);
}
