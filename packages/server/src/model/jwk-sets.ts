import type { JwtAlgorithm } from '@latchkey/protocol';

/** Public keys an identity provider publishes as a JWK set, fetched and cached (outbound/jwk-sets.ts). */
export interface JwkSets {
  /**
   * The keys at `uri` that fit `algorithm`, as SPKI PEM: the one named `kid`, or all when the
   * token names none. Empty when none fits; throws ProviderUnavailable when the set cannot be
   * fetched and none is held.
   */
  keysFor(uri: string, kid: string | undefined, algorithm: JwtAlgorithm): Promise<string[]>;
}
