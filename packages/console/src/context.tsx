import type { App, LatchkeyAdmin } from '@latchkey/admin';
import { createContext, useContext } from 'react';

/** What every page works with: the signed-in admin client and the app chosen in the header. */
export interface ConsoleContext {
  admin: LatchkeyAdmin;
  apps: App[];
  /** The chosen app's client app id. */
  app: string;
  reloadApps: () => Promise<void>;
  /** The token was refused (revoked or changed): back to sign-in. */
  signOut: () => void;
}

export const Console = createContext<ConsoleContext | null>(null);

export function useConsole(): ConsoleContext {
  const context = useContext(Console);
  if (!context) throw new Error('useConsole outside the signed-in console');
  return context;
}
