import type { App } from '@latchkey/admin';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, Redirect, Route, Router, Switch, useRoute } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { Console, type ConsoleContext } from './context.js';
import { AppSettingsPage } from './pages/app-settings.js';
import { Apps } from './pages/apps.js';
import { Audit } from './pages/audit.js';
import { Dashboard } from './pages/dashboard.js';
import { KeyPage } from './pages/key.js';
import { Mail } from './pages/mail.js';
import { ServerKeys } from './pages/server-keys.js';
import { SignIn } from './pages/sign-in.js';
import { SigningKeys } from './pages/signing-keys.js';
import { UserPage } from './pages/user.js';
import { Users } from './pages/users.js';
import { adminClient, forget, storeApp, storeToken, storedApp, storedToken } from './session.js';

function NavLink({ href, children, match }: { href: string; children: string; match?: string }) {
  const [active] = useRoute(match ?? href);
  return (
    <li>
      <Link href={href} aria-current={active ? 'page' : undefined}>
        {children}
      </Link>
    </li>
  );
}

function Signed({ token, initialApps, onSignOut }: { token: string; initialApps: App[]; onSignOut: () => void }) {
  const admin = useMemo(() => adminClient(token), [token]);
  const [apps, setApps] = useState(initialApps);
  const [app, setApp] = useState(() => {
    const remembered = storedApp();
    return (
      apps.find((candidate) => candidate.client_app_id === remembered)?.client_app_id ??
      apps.find((a) => a.client_app_id === 'demo')?.client_app_id ??
      apps[0]?.client_app_id ??
      ''
    );
  });
  const reloadApps = useCallback(async () => setApps(await admin.listApps()), [admin]);
  // The chosen app was deleted (here or elsewhere): choose another.
  useEffect(() => {
    if (app && !apps.some((candidate) => candidate.client_app_id === app)) setApp(apps[0]?.client_app_id ?? '');
  }, [apps, app]);
  const context: ConsoleContext = useMemo(
    () => ({ admin, apps, app, reloadApps, signOut: onSignOut }),
    [admin, apps, app, reloadApps, onSignOut],
  );
  return (
    <Console.Provider value={context}>
      <Router hook={useHashLocation}>
        <header className="container-fluid top">
          <nav aria-label="Console">
            <ul>
              <li>
                <strong>Latchkey</strong>
              </li>
              <li>
                <select
                  aria-label="App"
                  value={app}
                  onChange={(event) => {
                    setApp(event.target.value);
                    storeApp(event.target.value);
                  }}
                >
                  {apps.map((candidate) => (
                    <option key={candidate._id} value={candidate.client_app_id}>
                      {candidate.client_app_id}
                    </option>
                  ))}
                </select>
              </li>
            </ul>
            <ul className="sections">
              <NavLink href="/">Dashboard</NavLink>
              <NavLink href="/users" match="/users/*?">
                Users
              </NavLink>
              <NavLink href="/server-keys" match="/server-keys/*?">
                Server keys
              </NavLink>
              <NavLink href="/audit" match="/audit/*?">
                Audit log
              </NavLink>
              <NavLink href="/mail">Mail</NavLink>
              <NavLink href="/apps" match="/apps/*?">
                Apps
              </NavLink>
              <NavLink href="/signing-keys">Signing keys</NavLink>
              <li>
                <button type="button" className="secondary outline" onClick={onSignOut}>
                  Sign out
                </button>
              </li>
            </ul>
          </nav>
        </header>
        <main className="container">
          {app ? (
            <Switch>
              <Route path="/" component={Dashboard} />
              <Route path="/users" component={Users} />
              <Route path="/users/:userId" component={UserPage} />
              <Route path="/users/:userId/keys/:keyId" component={KeyPage} />
              <Route path="/server-keys" component={ServerKeys} />
              <Route path="/server-keys/:keyId" component={KeyPage} />
              <Route path="/audit" component={Audit} />
              <Route path="/audit/user/:userId" component={Audit} />
              <Route path="/audit/key/:keyId" component={Audit} />
              <Route path="/mail" component={Mail} />
              <Route path="/signing-keys" component={SigningKeys} />
              <Route path="/apps" component={Apps} />
              <Route path="/apps/:appId" component={AppSettingsPage} />
              <Route>
                <Redirect to="/" />
              </Route>
            </Switch>
          ) : (
            <Apps />
          )}
        </main>
      </Router>
    </Console.Provider>
  );
}

/** Signed out: the token form. Signed in: the console. A reload keeps the tab's session. */
export function Shell() {
  const [session, setSession] = useState<{ token: string; apps: App[] } | null>(null);
  const [checking, setChecking] = useState(() => storedToken() !== null);
  const signOut = useCallback(() => {
    forget();
    setSession(null);
  }, []);
  // After a reload: the tab's token, if the server still takes it.
  useEffect(() => {
    const token = storedToken();
    if (!token) return;
    let current = true;
    adminClient(token)
      .listApps()
      .then(
        (apps) => current && setSession({ token, apps }),
        () => forget(),
      )
      .finally(() => current && setChecking(false));
    return () => {
      current = false;
    };
  }, []);
  if (checking)
    return (
      <main className="container">
        <p aria-busy="true">Signing in…</p>
      </main>
    );
  if (!session)
    return (
      <SignIn
        onSignedIn={(token, apps) => {
          storeToken(token);
          setSession({ token, apps });
        }}
      />
    );
  return <Signed token={session.token} initialApps={session.apps} onSignOut={signOut} />;
}
