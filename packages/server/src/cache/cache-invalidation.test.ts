import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApiKey } from '../model/api-keys.js';
import type { Session } from '../model/sessions.js';
import type { StoreChange } from '../model/store-changes.js';
import type { UserRecord } from '../model/users.js';
import { idsNamedBy, STALE_AFTER, type Invalidation } from './cache-invalidation.js';

/** Few ids, so values and changes often name the same ones. */
const id = fc.constantFrom('a', 'b', 'c');
const change: fc.Arbitrary<StoreChange> = fc.oneof(
  fc.constant<StoreChange>({ kind: 'apps' }),
  fc.constant<StoreChange>({ kind: 'resync' }),
  fc.constant<StoreChange>({ kind: 'signing-keys' }),
  fc.record({
    kind: fc.constant('sessions-revoked' as const),
    sessionId: fc.option(id, { nil: undefined }),
    keyId: fc.option(id, { nil: undefined }),
    userId: fc.option(id, { nil: undefined }),
  }),
  fc.record({ kind: fc.constantFrom('identities' as const, 'user' as const, 'keys' as const), userId: id }),
);
const session = fc.record({ id, userId: id, keyId: fc.option(id, { nil: null }) }).map((s) => s as unknown as Session);
const user = id.map((userId) => ({ user: { id: userId }, identities: [] }) as unknown as UserRecord);
const keyAndOwner = fc
  .record({ keyId: id, ownerId: id })
  .map(({ keyId, ownerId }) => ({ key: { id: keyId } as ApiKey, owner: { id: ownerId } }));
const keyList = id.map((userId) => ({ userId, keys: [] }));

/** A cache looks only at the values filed under the ids a change names: every stale value must be among them. */
function staleOnlyWhereNamed<V>(rule: Invalidation<V>, value: fc.Arbitrary<V>): void {
  fc.assert(
    fc.property(value, change, (v, c) => {
      if (!rule.stale(v, c)) return;
      const named = new Set(idsNamedBy(c));
      expect(rule.idsOf(v).some((valueId) => named.has(valueId))).toBe(true);
    }),
    { numRuns: 2000 },
  );
}

describe('cache invalidation by the ids a change names', () => {
  it('files every session a change makes stale under one of the ids the change names', () =>
    staleOnlyWhereNamed(STALE_AFTER.session, session));
  it('likewise user records', () => staleOnlyWhereNamed(STALE_AFTER.userRecord, user));
  it('likewise keys found by their secret', () => staleOnlyWhereNamed(STALE_AFTER.keyBySecret, keyAndOwner));
  it('likewise key lists', () => staleOnlyWhereNamed(STALE_AFTER.keyList, keyList));

  it('makes stale what each change is for (the table in cache-invalidation.ts)', () => {
    const s = { id: 'a', userId: 'b', keyId: 'c' } as unknown as Session;
    expect(STALE_AFTER.session.stale(s, { kind: 'sessions-revoked', keyId: 'c' })).toBe(true);
    expect(STALE_AFTER.session.stale(s, { kind: 'keys', userId: 'b' })).toBe(false);
    const found = { key: { id: 'k' } as ApiKey, owner: { id: 'u' } };
    expect(STALE_AFTER.keyBySecret.stale(found, { kind: 'user', userId: 'u' })).toBe(true);
    expect(STALE_AFTER.keyList.stale({ userId: 'u', keys: [] }, { kind: 'keys', userId: 'u' })).toBe(true);
  });
});
