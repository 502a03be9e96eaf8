import type { Store } from '../store/store.js';

/**
 * The store, with `watch` told of each call that returns a promise: the store method's name,
 * when it started (performance.timeOrigin + performance.now(), in ms) and its promise. A Proxy,
 * so every method, present and future, is watched without a hand-written wrapper each; the
 * wrappers are made once per method, not per call. Synchronous methods (changesAreLive,
 * subscribe) pass through unwatched. What the caller awaits is the store's own promise.
 */
export function watchStoreCalls(store: Store, watch: (operation: string, startedAt: number, result: Promise<unknown>) => void): Store {
  const wrappers = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      let wrapper = wrappers.get(property);
      if (!wrapper) {
        const method = value as (...args: unknown[]) => unknown;
        wrapper = (...args: unknown[]) => {
          const startedAt = performance.timeOrigin + performance.now();
          const result = method.apply(target, args);
          if (result instanceof Promise) watch(property, startedAt, result);
          return result;
        };
        wrappers.set(property, wrapper);
      }
      return wrapper;
    },
  });
}

/** The store, with each operation that returns a promise timed into `observe` (the name of the store method is the label). */
export function timedStore(store: Store, observe: (operation: string, seconds: number) => void): Store {
  return watchStoreCalls(store, (operation, startedAt, result) => {
    const done = () => observe(operation, (performance.timeOrigin + performance.now() - startedAt) / 1000);
    result.then(done, done);
  });
}
