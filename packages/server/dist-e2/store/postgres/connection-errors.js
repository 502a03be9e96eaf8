import { StoreUnavailableError } from '../store.js';
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
// 08: connection exceptions; 57P01-57P03: admin or crash shutdown, cannot connect now; 53300: too many connections.
const UNAVAILABLE_SQLSTATES = /^(08...|57P0[123]|53300)$/;
/** Whether an error means the database cannot be reached (as opposed to a refused statement). */
export function isConnectionFailure(error) {
    if (error instanceof StoreUnavailableError)
        return true;
    const { code, message } = (error ?? {});
    if (code && (CONNECTION_ERRNOS.has(code) || UNAVAILABLE_SQLSTATES.test(code)))
        return true;
    return /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect/i.test(message ?? '');
}
/** Connection failures become StoreUnavailableError (answered 503); anything else passes through. */
export function asStoreError(error) {
    return isConnectionFailure(error) && !(error instanceof StoreUnavailableError) ? new StoreUnavailableError(error) : error;
}
//# sourceMappingURL=connection-errors.js.map