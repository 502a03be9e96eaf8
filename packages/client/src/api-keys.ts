import type { ApiKey, CreatedApiKey } from '@latchkey/protocol';
import type { UserRequests } from './user-requests.js';

/** A user API key as listed (`ApiKey`), and as just created (`CreatedApiKey`: its secret `key` is there and never again). */
export type { ApiKey, CreatedApiKey } from '@latchkey/protocol';

/** What a new key may be given beyond its name. */
export interface NewApiKeyOptions {
  /** When it stops logging in (within the app's maxApiKeyLifetimeDays, which also sets a default). */
  expiresAt?: Date;
  /** A subset of the app's apiKeyScopes, carried by the key's access tokens as `scope`. */
  scopes?: string[];
}

/**
 * The signed-in user's own API keys, as `user.apiKeys`. Same names and shapes as the App
 * Services SDKs; every call authenticates with the user's refresh token.
 *
 * @example
 * ```ts
 * const { _id, key } = await user.apiKeys.create('my-script'); // store `key` now
 * await user.apiKeys.disable(_id);
 * ```
 */
export class ApiKeyAuth {
  /** @internal */
  constructor(private readonly requests: UserRequests) {}

  /**
   * Creates a key named `name` (1–64 of A–Z a–z 0–9 _ -, unique among the user's keys).
   *
   * @example
   * ```ts
   * const { key } = await user.apiKeys.create('laptop');
   * const reader = await user.apiKeys.create('dashboard', { scopes: ['read'], expiresAt: new Date(Date.now() + 30 * 86_400_000) });
   * ```
   */
  create(name: string, options: NewApiKeyOptions = {}): Promise<CreatedApiKey> {
    const body = {
      name,
      ...(options.expiresAt ? { expires_at: options.expiresAt.toISOString() } : {}),
      ...(options.scopes ? { scopes: options.scopes } : {}),
    };
    return this.requests.send<CreatedApiKey>('POST', '/auth/api_keys', 'refresh', body);
  }

  /**
   * A new secret for the key (same id, name, scopes and expiry), in the answer only. The old
   * secret still logs in for `graceSeconds` (up to 7 days); with 0, it and every session it
   * opened end at once, which is what to do with a leaked key.
   *
   * @example
   * ```ts
   * const { key } = await user.apiKeys.rotate(keyId, { graceSeconds: 3600 }); // deploy `key` within the hour
   * ```
   */
  rotate(keyId: string, options: { graceSeconds: number }): Promise<CreatedApiKey> {
    return this.requests.send<CreatedApiKey>('POST', `/auth/api_keys/${encodeURIComponent(keyId)}/rotate`, 'refresh', {
      grace_seconds: options.graceSeconds,
    });
  }

  /**
   * One of the user's keys, without its secret.
   *
   * @example
   * ```ts
   * const key = await user.apiKeys.fetch(keyId);
   * ```
   */
  fetch(keyId: string): Promise<ApiKey> {
    return this.requests.send<ApiKey>('GET', `/auth/api_keys/${encodeURIComponent(keyId)}`, 'refresh');
  }

  /**
   * All of the user's keys, oldest first, without their secrets.
   *
   * @example
   * ```ts
   * const keys = await user.apiKeys.fetchAll();
   * ```
   */
  fetchAll(): Promise<ApiKey[]> {
    return this.requests.send<ApiKey[]>('GET', '/auth/api_keys', 'refresh');
  }

  /**
   * Lets a disabled key log in again.
   *
   * @example
   * ```ts
   * await user.apiKeys.enable(keyId);
   * ```
   */
  async enable(keyId: string): Promise<void> {
    await this.requests.send('PUT', `/auth/api_keys/${encodeURIComponent(keyId)}/enable`, 'refresh');
  }

  /**
   * Stops a key logging in, and ends the sessions it opened.
   *
   * @example
   * ```ts
   * await user.apiKeys.disable(keyId);
   * ```
   */
  async disable(keyId: string): Promise<void> {
    await this.requests.send('PUT', `/auth/api_keys/${encodeURIComponent(keyId)}/disable`, 'refresh');
  }

  /**
   * Deletes a key for good, ending the sessions it opened.
   *
   * @example
   * ```ts
   * await user.apiKeys.delete(keyId);
   * ```
   */
  async delete(keyId: string): Promise<void> {
    await this.requests.send('DELETE', `/auth/api_keys/${encodeURIComponent(keyId)}`, 'refresh');
  }
}
