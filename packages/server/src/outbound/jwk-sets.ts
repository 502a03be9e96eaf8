import type { JsonWebKey } from 'node:crypto';
import type { JwtAlgorithm } from '@latchkey/protocol';
import { jwkToPem } from '../crypto/jwt-keys.js';
import { LatchkeyError } from '../model/errors.js';
import type { JwkSets } from '../model/jwk-sets.js';

export interface JwkSetPolicy {
  /** A fetched set is used this long before it is fetched again. */
  maxAgeMs: number;
  /** A token naming a key the set lacks fetches it again, at most this often (a flood of made-up kids cannot). */
  refetchAfterMs: number;
  /** Each fetch's deadline: a slow provider refuses logins, it does not hold them. */
  timeoutMs: number;
  maxBytes: number;
}

export const DEFAULT_JWK_SET_POLICY: JwkSetPolicy = {
  maxAgeMs: 10 * 60_000,
  refetchAfterMs: 30_000,
  timeoutMs: 5_000,
  maxBytes: 1024 * 1024,
};

interface Held {
  keys: (JsonWebKey & { kid?: string })[];
  fetchedAt: number;
}

/** JWK sets over HTTP with global fetch, one cache entry per URI, concurrent fetches of one URI shared. */
export class HttpJwkSets implements JwkSets {
  private readonly held = new Map<string, Held>();
  private readonly fetching = new Map<string, Promise<Held>>();

  constructor(
    private readonly policy: JwkSetPolicy = DEFAULT_JWK_SET_POLICY,
    private readonly now: () => number = Date.now,
  ) {}

  async keysFor(uri: string, kid: string | undefined, algorithm: JwtAlgorithm): Promise<string[]> {
    let held = this.held.get(uri);
    const age = held ? this.now() - held.fetchedAt : Infinity;
    const lacksKid = held !== undefined && kid !== undefined && !held.keys.some((key) => key.kid === kid);
    if (age >= this.policy.maxAgeMs || (lacksKid && age >= this.policy.refetchAfterMs)) {
      try {
        held = await this.fetchShared(uri);
      } catch (error) {
        // A set held a while longer beats refusing every login while the provider is down.
        if (!held) throw error;
      }
    }
    return held!.keys.filter((key) => kid === undefined || key.kid === kid).flatMap((key) => jwkToPem(key, algorithm) ?? []);
  }

  private fetchShared(uri: string): Promise<Held> {
    let pending = this.fetching.get(uri);
    if (!pending) {
      pending = this.fetchSet(uri).finally(() => this.fetching.delete(uri));
      this.fetching.set(uri, pending);
    }
    return pending;
  }

  private async fetchSet(uri: string): Promise<Held> {
    const unavailable = (why: string) => new LatchkeyError('ProviderUnavailable', `the app's identity provider's keys (jwkUri) ${why}`);
    let response: Response;
    try {
      response = await fetch(uri, {
        headers: { accept: 'application/json' },
        redirect: 'follow',
        signal: AbortSignal.timeout(this.policy.timeoutMs),
      });
    } catch (error) {
      throw unavailable(
        (error as Error).name === 'TimeoutError' ? `did not answer within ${this.policy.timeoutMs} ms` : 'could not be fetched',
      );
    }
    if (!response.ok) throw unavailable(`answered ${response.status}`);
    const text = await response.text();
    if (text.length > this.policy.maxBytes) throw unavailable('are over 1 MiB');
    let keys: unknown;
    try {
      keys = (JSON.parse(text) as { keys?: unknown }).keys;
    } catch {
      throw unavailable('are not JSON');
    }
    if (!Array.isArray(keys)) throw unavailable('are not a JWK set ({"keys": [...]})');
    const held: Held = { keys: keys.filter((key): key is JsonWebKey => typeof key === 'object' && key !== null), fetchedAt: this.now() };
    this.held.set(uri, held);
    return held;
  }
}
