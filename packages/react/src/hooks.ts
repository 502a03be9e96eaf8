import { Credentials, type ApiKey, type CreatedApiKey, type User } from '@latchkey/client';
import { useCallback, useEffect, useRef, useState } from 'react';
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
  useEffect(() => () => void (mounted.current = false), []);
  const run = useCallback(async <T,>(operation: () => Promise<T>): Promise<T> => {
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
 * Logging in and out with any provider, with the state of the last attempt.
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
  return {
    result,
    logIn: (credentials: Credentials) => run(() => app.logIn(credentials)),
    logInWithEmailPassword: ({ email, password }: { email: string; password: string }) =>
      run(() => app.logIn(Credentials.emailPassword(email, password))),
    logInWithAnonymous: () => run(() => app.logIn(Credentials.anonymous())),
    logInWithApiKey: (key: string) => run(() => app.logIn(Credentials.apiKey(key))),
    logOut: () => run(async () => app.currentUser?.logOut()),
  };
}

/**
 * Email/password registration and login, with the state of the last attempt.
 *
 * @example
 * ```tsx
 * const { register, logIn, result } = useEmailPasswordAuth();
 * await register({ email, password });
 * await logIn({ email, password });
 * ```
 */
export function useEmailPasswordAuth() {
  const app = useApp();
  const { result, run } = useOperation();
  return {
    result,
    register: (details: { email: string; password: string }) => run(() => app.emailPasswordAuth.registerUser(details)),
    logIn: ({ email, password }: { email: string; password: string }) => run(() => app.logIn(Credentials.emailPassword(email, password))),
    logOut: () => run(async () => app.currentUser?.logOut()),
  };
}

async function reload(user: User, setKeys: (keys: ApiKey[]) => void): Promise<void> {
  setKeys(await user.apiKeys.fetchAll());
}

/**
 * The current user's API keys as state, with operations that keep the list current. Inside a
 * UserProvider. The secret of a created key is in `create`'s answer, and nowhere else.
 *
 * @example
 * ```tsx
 * const { keys, create, disable, enable, remove } = useApiKeys();
 * const { key } = await create('laptop'); // show it once
 * ```
 */
export function useApiKeys() {
  const user = useUser();
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [loading, setLoading] = useState(true);
  const { result, run } = useOperation();

  useEffect(() => {
    let live = true;
    setLoading(true);
    user.apiKeys.fetchAll().then(
      (fetched) => live && setKeys(fetched),
      () => undefined,
    ).finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [user]);

  const after = <T,>(operation: () => Promise<T>) => run(async () => {
    const value = await operation();
    await reload(user, setKeys);
    return value;
  });

  return {
    keys,
    loading,
    result,
    refresh: () => run(() => reload(user, setKeys)),
    create: (name: string): Promise<CreatedApiKey> => after(() => user.apiKeys.create(name)),
    enable: (keyId: string) => after(() => user.apiKeys.enable(keyId)),
    disable: (keyId: string) => after(() => user.apiKeys.disable(keyId)),
    remove: (keyId: string) => after(() => user.apiKeys.delete(keyId)),
  };
}
