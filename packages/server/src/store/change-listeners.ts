import type { StoreChange } from '../model/store-changes.js';
import type { StoreChangeListener } from './store.js';

/** The listeners of one store; a failing listener never stops the others. */
export class ChangeListeners {
  private readonly listeners = new Set<StoreChangeListener>();

  add(listener: StoreChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: StoreChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A cache that cannot reload stays as it was; the next change retries it.
      }
    }
  }
}
