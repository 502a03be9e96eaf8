import type { StoreChange } from '../../domain/cache-invalidation.js';
import type { StoreChangeListener } from '../store.js';
export declare const CHANGE_CHANNEL = "latchkey_changes";
/**
 * LISTENs on one dedicated connection and hands every node's changes to this node's caches.
 * When that connection drops, notifications sent meanwhile are lost: the feed reports itself
 * not live (caches must be bypassed) and tells listeners to resync at once and again after
 * reconnecting, rather than trust what they hold.
 */
export declare class PostgresChangeFeed {
    private readonly connectionString;
    private readonly onError;
    /** Told each time the feed goes down or comes back (for logs, and operators' eyes). */
    private readonly onLiveChange;
    private readonly listeners;
    private client;
    private closed;
    private retry;
    private heartbeat;
    constructor(connectionString: string, onError: (error: Error) => void, 
    /** Told each time the feed goes down or comes back (for logs, and operators' eyes). */
    onLiveChange?: (live: boolean) => void);
    subscribe(listener: StoreChangeListener): () => void;
    get live(): boolean;
    /** This node's own change, heard at once (its NOTIFY echo arrives later and repeats it harmlessly). */
    emitLocal(change: StoreChange): void;
    /** Resolves once listening, or rejects if the first connection fails. */
    start(): Promise<void>;
    private connect;
    private beat;
    private lost;
    private scheduleReconnect;
    close(): Promise<void>;
}
