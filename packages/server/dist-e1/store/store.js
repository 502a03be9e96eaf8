/**
 * The database cannot be reached (down, restarting, connections cut). Adapters throw this
 * for connection-level failures so the server can answer 503 and retry later, rather than 500.
 */
export class StoreUnavailableError extends Error {
    constructor(cause) {
        super(`the database is unreachable: ${cause?.message ?? String(cause)}`, { cause });
        this.name = 'StoreUnavailableError';
    }
}
//# sourceMappingURL=store.js.map