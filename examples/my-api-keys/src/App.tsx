import { AppProvider, UserProvider } from '@latchkey/react';
import { SignedOut } from './account.js';
import { Keys } from './keys.js';

/** The whole page: sign in (or up) first, then manage your keys. */
export function MyApiKeysApp({ baseUrl, appId }: { baseUrl: string; appId: string }) {
  return (
    <AppProvider id={appId} baseUrl={baseUrl}>
      <main className="page">
        <header>
          <h1>My API keys</h1>
          <p className="lead">Keys let your scripts and devices act as you, without your password.</p>
        </header>
        <UserProvider fallback={<SignedOut />}>
          <Keys />
        </UserProvider>
      </main>
    </AppProvider>
  );
}
