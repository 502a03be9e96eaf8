import type { UserRequests } from './user-requests.js';

/** A user API key as listed: never its secret. */
export interface ApiKey {
  _id: string;
  name: string;
  disabled: boolean;
}

/** A key just created: the secret `key` is in this answer and never again. */
export interface CreatedApiKey extends ApiKey {
  key: string;
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
   * ```
   */
  create(name: string): Promise<CreatedApiKey> {
    return this.requests.send<CreatedApiKey>('POST', '/auth/api_keys', 'refresh', { name });
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
