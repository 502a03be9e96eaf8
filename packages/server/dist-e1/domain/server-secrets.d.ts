import type { Store } from '../store/store.js';
export interface AdminToken {
    hash: Buffer;
    /** Set only on the start that generated the token: the one chance to print it. */
    generated: string | null;
}
/** The configured admin token, else the stored one (only its hash is kept), else a new one. */
export declare function loadOrCreateAdminToken(store: Store, configured: string | undefined): Promise<AdminToken>;
