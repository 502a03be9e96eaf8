/**
 * Mixed traffic for the soak, as a separate process (`node dist/mixed-load.js '<MixedSpec>'`
 * prints one MixedResult): every connection plays whole session lifecycles, one after another —
 * log in (an API key, or every 20th a password), read the profile, refresh, read it again,
 * list the keys, have a backend verify the key, log out.
 */
import autocannon from 'autocannon';
import { summarize, type LoadResult } from './load-result.js';

const CLIENT = '/api/client/v2.0';

export interface SoakUser {
  email: string;
  password: string;
  key: string;
}

export interface MixedSpec {
  url: string;
  appId: string;
  users: SoakUser[];
  /** The access token of a server-key session: verifies user keys as a backend would. */
  verifierToken: string;
  connections: number;
  seconds: number;
  /** Requests per second over all connections; 0 or absent: as fast as the server answers. */
  overallRate?: number;
}

export interface MixedResult extends LoadResult {
  /** Answers by status code (autocannon's counts). */
  statuses: Record<string, number>;
}

interface Lifecycle {
  user?: SoakUser;
  access?: string;
  refresh?: string;
}

const PASSWORD_EVERY = 20;

function lifecycle(spec: MixedSpec): autocannon.Request[] {
  let started = 0;
  const json = (token: string | undefined, body?: unknown) => ({
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const remember = (status: number, body: string, context: Lifecycle) => {
    if (status !== 200) return;
    const answer = JSON.parse(body) as { access_token: string; refresh_token?: string };
    context.access = answer.access_token;
    if (answer.refresh_token) context.refresh = answer.refresh_token;
  };
  return [
    {
      method: 'POST',
      setupRequest: (request, context: Lifecycle) => {
        const n = started++;
        const user = spec.users[n % spec.users.length]!;
        context.user = user;
        const byPassword = n % PASSWORD_EVERY === PASSWORD_EVERY - 1;
        return {
          ...request,
          path: `${CLIENT}/app/${spec.appId}/auth/providers/${byPassword ? 'local-userpass' : 'api-key'}/login`,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(byPassword ? { username: user.email, password: user.password } : { key: user.key }),
        };
      },
      onResponse: remember,
    },
    {
      method: 'GET',
      path: `${CLIENT}/auth/profile`,
      setupRequest: (request, context: Lifecycle) => ({ ...request, ...json(context.access) }),
    },
    {
      method: 'POST',
      path: `${CLIENT}/auth/session`,
      setupRequest: (request, context: Lifecycle) => ({ ...request, ...json(context.refresh) }),
      onResponse: (status, body, context: Lifecycle) => {
        if (status === 201) context.access = (JSON.parse(body) as { access_token: string }).access_token;
      },
    },
    {
      method: 'GET',
      path: `${CLIENT}/auth/profile`,
      setupRequest: (request, context: Lifecycle) => ({ ...request, ...json(context.access) }),
    },
    {
      method: 'GET',
      path: `${CLIENT}/auth/api_keys`,
      setupRequest: (request, context: Lifecycle) => ({ ...request, ...json(context.refresh) }),
    },
    {
      method: 'POST',
      path: `${CLIENT}/app/${spec.appId}/auth/api_keys/verify`,
      setupRequest: (request, context: Lifecycle) => ({ ...request, ...json(spec.verifierToken, { key: context.user?.key }) }),
    },
    {
      method: 'DELETE',
      path: `${CLIENT}/auth/session`,
      setupRequest: (request, context: Lifecycle) => ({ ...request, ...json(context.refresh) }),
    },
  ];
}

export async function runMixed(spec: MixedSpec): Promise<MixedResult> {
  const result = await autocannon({
    url: spec.url,
    requests: lifecycle(spec),
    connections: spec.connections,
    duration: spec.seconds,
    ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
  });
  const statuses: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = count ?? 0;
  return { ...summarize(result), statuses };
}

if (process.argv[2]) {
  const result = await runMixed(JSON.parse(process.argv[2]) as MixedSpec);
  process.stdout.write(JSON.stringify(result) + '\n');
}
