/** The listeners of one store; a failing listener never stops the others. */
export class ChangeListeners {
    listeners = new Set();
    add(listener) {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
    emit(change) {
        for (const listener of this.listeners) {
            try {
                listener(change);
            }
            catch {
                // A cache that cannot reload stays as it was; the next change retries it.
            }
        }
    }
}
//# sourceMappingURL=change-listeners.js.map