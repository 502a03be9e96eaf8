import { describe, expect, it } from 'vitest';
import type { StoreChange } from '../model/store-changes.js';
import type { Store } from '../store/store.js';
import { PushedCache } from './pushed-cache.js';

/** The two things a PushedCache asks of its store: its change feed and whether that feed is live. */
function feed(): { store: Store; push: (change: StoreChange) => void } {
  let listener: (change: StoreChange) => void = () => undefined;
  const store = {
    subscribe: (heard: (change: StoreChange) => void) => {
      listener = heard;
      return () => undefined;
    },
    changesAreLive: () => true,
  } as unknown as Store;
  return { store, push: (change) => listener(change) };
}

/** A cache of users by id, counting how many values each change was tested against. */
function usersCache(maxEntries: number) {
  const { store, push } = feed();
  const tested = { count: 0 };
  const cache = new PushedCache<{ userId: string }>(
    store,
    { now: () => 0 },
    { maxEntries, ttlMs: 60_000 },
    {
      idsOf: (value) => [`u:${value.userId}`],
      stale: (value, change) => {
        tested.count++;
        return 'userId' in change && change.userId === value.userId;
      },
    },
  );
  return { cache, push, tested };
}

const read = (userId: string) => () => Promise.resolve({ userId });
const unreachable = () => Promise.reject(new Error('read from the store'));

describe('PushedCache', () => {
  it('tests a change only against the values filed under the ids it names, however full the cache', async () => {
    const { cache, push, tested } = usersCache(10_000);
    for (let n = 0; n < 5_000; n++) await cache.get(`user-${n}`, read(`${n}`));
    push({ kind: 'user', userId: '42' });
    expect(tested.count).toBe(1);
    expect(await cache.get('user-41', unreachable)).toEqual({ userId: '41' });
    expect(await cache.get('user-42', read('42'))).toEqual({ userId: '42' });
  });

  it('unfiles what it evicts, so a later change finds nothing of it', async () => {
    const { cache, push, tested } = usersCache(2);
    await cache.get('first', read('1'));
    await cache.get('second', read('2'));
    await cache.get('third', read('3'));
    push({ kind: 'user', userId: '1' });
    expect(tested.count).toBe(0);
    push({ kind: 'user', userId: '3' });
    expect(tested.count).toBe(1);
    expect(await cache.get('second', unreachable)).toEqual({ userId: '2' });
  });

  it('empties itself on resync', async () => {
    const { cache, push } = usersCache(10);
    await cache.get('first', read('1'));
    push({ kind: 'resync' });
    expect(await cache.get('first', read('1b'))).toEqual({ userId: '1b' });
  });
});
