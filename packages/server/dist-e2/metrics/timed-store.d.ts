import type { Store } from '../store/store.js';
/**
 * The store, with each operation that returns a promise timed into `observe` (the name of the
 * store method is the label). A Proxy, so every method, present and future, is measured
 * without a hand-written wrapper each; the wrappers are made once per method, not per call.
 */
export declare function timedStore(store: Store, observe: (operation: string, seconds: number) => void): Store;
