import { LatchkeyAdmin } from '@latchkey/admin';

/**
 * The admin token lives in sessionStorage only: gone when the tab closes, never in a URL,
 * a cookie or localStorage, and sent only to the server that served the console.
 */
const TOKEN = 'latchkey.adminToken';
const APP = 'latchkey.app';

export const storedToken = (): string | null => sessionStorage.getItem(TOKEN);
export const storeToken = (token: string): void => sessionStorage.setItem(TOKEN, token);
export const storedApp = (): string | null => sessionStorage.getItem(APP);
export const storeApp = (app: string): void => sessionStorage.setItem(APP, app);

export function forget(): void {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(APP);
}

/** A client for the server the console came from. */
export const adminClient = (token: string): LatchkeyAdmin => new LatchkeyAdmin({ baseUrl: window.location.origin, token });
