import { SETTING_BOUNDS } from '@latchkey/protocol';
import { createAccessTokenCodec, type AccessTokenCodec } from '../crypto/access-tokens.js';
import {
  newSerialisedSigningKeys,
  reprotectSerialisedSigningKeys,
  parseSigningKeys,
  pruneSerialisedSigningKeys,
  rotateSerialisedSigningKeys,
  toJwks,
  type SigningKey,
} from '../crypto/signing-keys.js';
import { NO_KEY_ENCRYPTION, type KeyEncryptionKeys } from '../crypto/sealed-secrets.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../model/clock.js';

const ISSUER = 'latchkey';
/** A retired key verifies for as long as the longest-lived access token it can have signed, plus clock skew. */
export const RETIRED_KEY_LIFETIME_MS = (SETTING_BOUNDS.accessTokenTtlSeconds.maximum + 300) * 1000;
/** A token under a key this node does not know makes it re-read the keys, at most this often. */
const UNKNOWN_KEY_RELOAD_MS = 5_000;

/**
 * The Ed25519 keys that sign and verify access tokens, shared by every node through the
 * database. Rotation puts a new key in front (it signs from then on, on every node: the change
 * is announced) and retires the others, which keep verifying until every token they can have
 * signed has expired, when maintenance prunes them and they leave the JWKS.
 */
export class SigningKeyRing {
  /** What the domain signs and verifies with: always the current keys. */
  readonly tokens: AccessTokenCodec;
  private serialised = '';
  private keys: SigningKey[] = [];
  private codec!: AccessTokenCodec;
  private jwksBody = '';
  private reloadedAt = 0;
  private readonly unsubscribe: () => void;

  private constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly keks: KeyEncryptionKeys,
  ) {
    this.tokens = { sign: (claims) => this.codec.sign(claims), verify: (token) => this.codec.verify(token) };
    this.unsubscribe = store.subscribe((change) => {
      if (change.kind === 'signing-keys' || change.kind === 'resync') void this.reload().catch(() => undefined);
    });
  }

  /**
   * With a key-encryption key (LATCHKEY_SECRET_KEY), keys stored in clear, or under the
   * previous key-encryption key, are re-stored encrypted under the current one at start.
   */
  static async load(store: Store, clock: Clock, keks: KeyEncryptionKeys = NO_KEY_ENCRYPTION): Promise<SigningKeyRing> {
    const ring = new SigningKeyRing(store, clock, keks);
    let stored = await store.insertServerSecretIfAbsent('signing-keys', newSerialisedSigningKeys(clock.now(), keks));
    let rewritten = false;
    for (let reprotected = reprotectSerialisedSigningKeys(stored, keks); reprotected !== null;) {
      if (await store.replaceSigningKeys(stored, reprotected)) {
        stored = reprotected;
        rewritten = true;
      } else stored = (await store.findServerSecret('signing-keys')) ?? stored;
      reprotected = reprotectSerialisedSigningKeys(stored, keks);
    }
    // The old form (in clear, or under the previous key-encryption key) must not linger in freed pages.
    if (rewritten) await store.scrubFreedSpace();
    ring.adopt(stored);
    return ring;
  }

  /** The keys, the signing one first. */
  list(): readonly SigningKey[] {
    return this.keys;
  }

  /** The public keys as a JSON Web Key Set, serialised once per change. */
  jwks(): string {
    return this.jwksBody;
  }

  async reload(): Promise<void> {
    this.reloadedAt = this.clock.now();
    const stored = await this.store.findServerSecret('signing-keys');
    if (stored && stored !== this.serialised) this.adopt(stored);
  }

  /** A new signing key, on every node; the previous ones retire. Returns the new key. */
  async rotate(): Promise<SigningKey> {
    for (;;) {
      const current = (await this.store.findServerSecret('signing-keys')) ?? this.serialised;
      const rotated = rotateSerialisedSigningKeys(current, this.clock.now(), this.keks);
      if (await this.store.replaceSigningKeys(current, rotated)) {
        this.adopt(rotated);
        return this.keys[0]!;
      }
    }
  }

  /** Drops retired keys no token they signed can still be valid under. Returns how many. */
  async prune(): Promise<number> {
    const current = (await this.store.findServerSecret('signing-keys')) ?? this.serialised;
    const pruned = pruneSerialisedSigningKeys(current, this.clock.now() - RETIRED_KEY_LIFETIME_MS);
    if (pruned === null || !(await this.store.replaceSigningKeys(current, pruned.serialised))) return 0;
    this.adopt(pruned.serialised);
    return pruned.dropped;
  }

  close(): void {
    this.unsubscribe();
  }

  private adopt(serialised: string): void {
    const keys = parseSigningKeys(serialised, this.keks);
    this.codec = createAccessTokenCodec(keys, ISSUER, {
      onUnknownKey: () => this.unknownKey(),
      retiredKeyLifetimeMs: RETIRED_KEY_LIFETIME_MS,
      now: () => this.clock.now(),
    });
    this.keys = keys;
    this.jwksBody = JSON.stringify(toJwks(keys));
    this.serialised = serialised;
  }

  /** Another node may have rotated before this one heard of it. */
  private unknownKey(): void {
    if (this.clock.now() - this.reloadedAt < UNKNOWN_KEY_RELOAD_MS) return;
    void this.reload().catch(() => undefined);
  }
}
