import { App, type SessionStorage, type User } from '@latchkey/client';
import { createContext, useCallback, useContext, useMemo, useRef, useSyncExternalStore, type ReactNode } from 'react';

const AppContext = createContext<App | null>(null);
/** The user with the app's change count: a new value on every change, so consumers re-render. */
const UserContext = createContext<{ user: User; revision: number } | null>(null);

export interface AppProviderProps {
  /** The client app id (`demo` on a fresh server). */
  id: string;
  /** Where Latchkey listens. */
  baseUrl: string;
  /** Session storage; localStorage in browsers by default. */
  storage?: SessionStorage;
  children?: ReactNode;
}

/**
 * Makes one Latchkey `App` available to the tree below, as `@realm/react`'s AppProvider does.
 *
 * @example
 * ```tsx
 * <AppProvider id="demo" baseUrl="http://127.0.0.1:8080">
 *   <UserProvider fallback={<SignIn />}><MyApiKeys /></UserProvider>
 * </AppProvider>
 * ```
 */
export function AppProvider({ id, baseUrl, storage, children }: AppProviderProps) {
  const app = useMemo(() => new App({ id, baseUrl, ...(storage ? { storage } : {}) }), [id, baseUrl, storage]);
  return <AppContext.Provider value={app}>{children}</AppContext.Provider>;
}

/**
 * The App from the nearest AppProvider.
 *
 * @example
 * ```tsx
 * const app = useApp();
 * ```
 */
export function useApp(): App {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp() needs an <AppProvider> above it');
  return app;
}

/**
 * How many changes the app has announced (logins, logouts, refreshed tokens and profiles): a
 * User is one mutable object, so this count is what tells React that something changed.
 */
function useAppRevision(app: App): number {
  const revision = useRef(0);
  const subscribe = useCallback(
    (onChange: () => void) =>
      app.subscribe(() => {
        revision.current++;
        onChange();
      }),
    [app],
  );
  const read = () => revision.current;
  return useSyncExternalStore(subscribe, read, read);
}

/**
 * The app's current user, re-rendering whenever users log in, out or change (new tokens, a
 * refreshed profile or custom data).
 *
 * @example
 * ```tsx
 * const user = useCurrentUser();
 * return user ? <p>{user.profile.email}</p> : <SignIn />;
 * ```
 */
export function useCurrentUser(): User | null {
  const app = useApp();
  useAppRevision(app);
  return app.currentUser;
}

export interface UserProviderProps {
  /** Shown while nobody is logged in (a sign-in form, typically). */
  fallback?: ReactNode;
  children?: ReactNode;
}

/**
 * Renders its children only while a user is logged in, and gives them that user through
 * `useUser()`; otherwise renders `fallback`.
 *
 * @example
 * ```tsx
 * <UserProvider fallback={<SignIn />}>
 *   <MyApiKeys />
 * </UserProvider>
 * ```
 */
export function UserProvider({ fallback = null, children }: UserProviderProps) {
  const app = useApp();
  const revision = useAppRevision(app);
  const user = app.currentUser;
  const value = useMemo(() => (user ? { user, revision } : null), [user, revision]);
  if (!value) return <>{fallback}</>;
  return <UserContext.Provider value={value}>{children}</UserContext.Provider>;
}

/**
 * The logged-in user, inside a UserProvider.
 *
 * @example
 * ```tsx
 * const user = useUser();
 * await user.apiKeys.create('laptop');
 * ```
 */
export function useUser(): User {
  const current = useContext(UserContext);
  if (!current) throw new Error('useUser() needs a <UserProvider> above it, with a user logged in');
  return current.user;
}
