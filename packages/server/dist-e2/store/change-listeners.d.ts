import type { StoreChange } from '../domain/cache-invalidation.js';
import type { StoreChangeListener } from './store.js';
/** The listeners of one store; a failing listener never stops the others. */
export declare class ChangeListeners {
    private readonly listeners;
    add(listener: StoreChangeListener): () => void;
    emit(change: StoreChange): void;
}
