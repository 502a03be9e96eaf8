import { App, type SessionStorage, type User } from '@latchkey/client';
import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';

const AppContext = createContext<App | null>(null);
const UserContext = createContext<User | null>(null);

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

/** The app's current user, re-rendering whenever users log in, out or change. */
export function useCurrentUser(): User | null {
  const app = useApp();
  return useSyncExternalStore(
    (onChange) => app.subscribe(onChange),
    () => app.currentUser,
    () => app.currentUser,
  );
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
  const user = useCurrentUser();
  if (!user) return <>{fallback}</>;
  return <UserContext.Provider value={user}>{children}</UserContext.Provider>;
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
  const user = useContext(UserContext);
  if (!user) throw new Error('useUser() needs a <UserProvider> above it, with a user logged in');
  return user;
}
