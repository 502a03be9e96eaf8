/** Whether an error means the database cannot be reached (as opposed to a refused statement). */
export declare function isConnectionFailure(error: unknown): boolean;
/** Connection failures become StoreUnavailableError (answered 503); anything else passes through. */
export declare function asStoreError(error: unknown): unknown;
