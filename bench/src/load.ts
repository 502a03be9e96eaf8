/**
 * The load generator, run as its own process so it does not share an event loop with the
 * server under test: `node dist/load.js '<LoadSpec as JSON>'` prints one LoadResult as JSON.
 */
import autocannon from 'autocannon';
import { randomInt } from 'node:crypto';
import { knownKey, type KeySet } from './known-keys.js';
import { summarize, type LoadResult } from './load-result.js';

export type { LoadResult } from './load-result.js';

export interface LoadSpec {
  url: string;
  method: 'GET' | 'POST';
  path: string;
  token?: string;
  body?: unknown;
  /** Key creation: rotate over these refresh tokens, with a fresh key name per request. */
  createKeysWith?: string[];
  /** API-key login: each request's key drawn at random from this set (known-keys.ts). */
  randomKeys?: KeySet;
  connections: number;
  seconds: number;
}

function requestsFor(spec: LoadSpec): autocannon.Request[] | undefined {
  const keys = spec.randomKeys;
  if (keys)
    return [
      {
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, 'content-type': 'application/json' },
          body: JSON.stringify({ key: knownKey(keys, randomInt(keys.count)) }),
        }),
      },
    ];
  const tokens = spec.createKeysWith;
  if (!tokens) return undefined;
  let counter = 0;
  return [
    {
      setupRequest: (request) => {
        const n = counter++;
        return {
          ...request,
          headers: { ...request.headers, authorization: `Bearer ${tokens[n % tokens.length]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: `bench-${process.pid}-${n}` }),
        };
      },
    },
  ];
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const headers: Record<string, string> = {};
  if (spec.token) headers.authorization = `Bearer ${spec.token}`;
  if (spec.body !== undefined) headers['content-type'] = 'application/json';
  const requests = requestsFor(spec);
  const result = await autocannon({
    url: spec.url + spec.path,
    method: spec.method,
    headers,
    ...(spec.body !== undefined ? { body: JSON.stringify(spec.body) } : {}),
    ...(requests ? { requests } : {}),
    connections: spec.connections,
    duration: spec.seconds,
  });
  return summarize(result);
}

if (process.argv[2]) {
  const result = await runLoad(JSON.parse(process.argv[2]) as LoadSpec);
  process.stdout.write(JSON.stringify(result) + '\n');
}
