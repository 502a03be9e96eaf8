/**
 * Where the page finds Latchkey, fixed when it is built from two environment variables (and
 * nothing else from the environment reaches the bundle):
 *
 * - `LATCHKEY_URL`: the server, default `http://127.0.0.1:8080`;
 * - `LATCHKEY_APP_ID`: the client app id, default `demo`.
 *
 * `?latchkey=<url>` in the page's address overrides the server for one visit (the tests use it).
 */
declare const __LATCHKEY_URL__: string;
declare const __LATCHKEY_APP_ID__: string;

export const baseUrl = new URLSearchParams(location.search).get('latchkey') ?? __LATCHKEY_URL__;
export const appId = __LATCHKEY_APP_ID__;
