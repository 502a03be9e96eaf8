/**
 * Where an App keeps its users' tokens between page loads or process runs.
 *
 * @example
 * ```ts
 * const app = new App({ id: 'demo', baseUrl, storage: new MemoryStorage() });
 * ```
 */
export interface SessionStorage {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

/**
 * Keeps tokens in memory: for Node, tests and scripts. Nothing survives the process.
 *
 * @example
 * ```ts
 * const app = new App({ id: 'demo', baseUrl, storage: new MemoryStorage() });
 * ```
 */
export class MemoryStorage implements SessionStorage {
  private readonly values = new Map<string, string>();

  get(key: string): string | null {
    return this.values.get(key) ?? null;
  }

  set(key: string, value: string): void {
    this.values.set(key, value);
  }

  remove(key: string): void {
    this.values.delete(key);
  }
}

/**
 * Keeps tokens in the browser's `localStorage`, so a signed-in user survives a reload.
 *
 * @example
 * ```ts
 * const app = new App({ id: 'demo', baseUrl, storage: new LocalStorage() });
 * ```
 */
export class LocalStorage implements SessionStorage {
  constructor(private readonly storage: Storage = globalThis.localStorage) {}

  get(key: string): string | null {
    return this.storage.getItem(key);
  }

  set(key: string, value: string): void {
    this.storage.setItem(key, value);
  }

  remove(key: string): void {
    this.storage.removeItem(key);
  }
}

/** localStorage where there is one (browsers), memory elsewhere. */
export function defaultStorage(): SessionStorage {
  return typeof globalThis.localStorage === 'object' && globalThis.localStorage !== null ? new LocalStorage() : new MemoryStorage();
}
