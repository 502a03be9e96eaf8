import type { Store } from '../store/store.js';

/**
 * The store, with each operation that returns a promise timed into `observe` (the name of the
 * store method is the label). A Proxy, so every method, present and future, is measured
 * without a hand-written wrapper each; the wrappers are made once per method, not per call.
 */
export function timedStore(store: Store, observe: (operation: string, seconds: number) => void): Store {
  const wrappers = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      let wrapper = wrappers.get(property);
      if (!wrapper) {
        const method = value as (...args: unknown[]) => unknown;
        wrapper = (...args: unknown[]) => {
          const started = performance.now();
          const result = method.apply(target, args);
          if (!(result instanceof Promise)) return result;
          const done = () => observe(property, (performance.now() - started) / 1000);
          return result.finally(done);
        };
        wrappers.set(property, wrapper);
      }
      return wrapper;
    },
  });
}
