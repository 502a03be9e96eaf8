import { LatchkeyAdminError } from '@latchkey/admin';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useConsole } from './context.js';

export type Loaded<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: T };

/** A server error as a person reads it: the server's own sentence (the request it failed on stays in `error.request`). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Loads `fetch` whenever `deps` change; `reload` loads again. A refused token signs out
 * (the token was changed on the server), anything else is shown where the data would be.
 */
export function useLoad<T>(fetch: () => Promise<T>, deps: unknown[]): Loaded<T> & { reload: () => void } {
  const { signOut } = useConsole();
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const lastRound = useRef(round);
  useEffect(() => {
    let current = true;
    // A reload after an action keeps what is shown until the new answer; other inputs (a filter, a page) start over.
    const reloading = lastRound.current !== round;
    lastRound.current = round;
    setLoaded((previous) => (reloading && previous.state === 'ready' ? previous : { state: 'loading' }));
    fetch().then(
      (data) => current && setLoaded({ state: 'ready', data }),
      (error: unknown) => {
        if (!current) return;
        if (error instanceof LatchkeyAdminError && error.statusCode === 401) return signOut();
        setLoaded({ state: 'error', message: messageOf(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...loaded, reload };
}

/** Runs an action (disable, delete, …): busy while it runs, its error kept to show. */
export function useAction(): { busy: boolean; error: string | null; run: (action: () => Promise<unknown>) => Promise<boolean> } {
  const { signOut } = useConsole();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (action: () => Promise<unknown>) => {
      setBusy(true);
      setError(null);
      try {
        await action();
        return true;
      } catch (caught) {
        if (caught instanceof LatchkeyAdminError && caught.statusCode === 401) signOut();
        else setError(messageOf(caught));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [signOut],
  );
  return { busy, error, run };
}
